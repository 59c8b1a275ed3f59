"""The shared workspace's schema as SQL: one table per layer, named and columned as the layers are,
each row with its fid, PostGIS geometry where the GeoPackage has one, and its stamp (version, who,
when); the basemap, the scenes document, the audit table and the triggers that keep the stamps and
the audit.

Identifiers come from the schema module, never from data; values always go as parameters.
"""

from __future__ import annotations

from psycopg import sql

from .. import schema

SCHEMA = "mapapp"
FORMAT = "mapapp-database/1"
CHANNEL = "mapapp_changes"  # NOTIFY channel: a JSON {layer, fid, action, who} per changed row
SRID = 4326
# Dates stay text: the layers hold dates at year, month or day precision ("2019-03").
SQL_TYPES = {"int": "bigint", "float": "double precision", "lat": "double precision", "lon": "double precision"}
STAMP = ("version", "changed_by", "changed_at")


def table(name: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(SCHEMA), sql.Identifier(name))


def layer_table_sql(layer: schema.Layer, geometry_type: str | None) -> sql.Composed:
    """CREATE TABLE for a layer: fid, the layer's columns in order, geom, then the stamp."""
    columns = [sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(SQL_TYPES.get(c.kind, "text")))
               for c in layer.columns]
    if geometry_type:
        columns.append(sql.SQL("geom geometry({}, {})").format(sql.SQL(geometry_type), sql.Literal(SRID)))
    return sql.SQL(
        "create table {} (fid bigserial primary key, {}, version integer not null default 1, "
        "changed_by text not null default session_user, changed_at timestamptz not null default now())"
    ).format(table(layer.name), sql.SQL(", ").join(columns))


def key_index_sql(layer: schema.Layer) -> sql.Composed:
    return sql.SQL("create index on {} ({})").format(table(layer.name), sql.SQL(", ").join(map(sql.Identifier, layer.key)))


FIXED_TABLES = f"""
create table {SCHEMA}.meta (key text primary key, value text not null);
create table {SCHEMA}.scenes (fid bigserial primary key, document text,
    version integer not null default 1, changed_by text not null default session_user,
    changed_at timestamptz not null default now());
create table {SCHEMA}.audit (
    id bigserial primary key,
    layer text not null,
    fid bigint not null,
    action text not null check (action in ('insert', 'update', 'delete')),
    who text not null default session_user,
    at timestamptz not null default clock_timestamp(),
    before jsonb,
    after jsonb
);
create index on {SCHEMA}.audit (layer, fid);
"""

# A layer's geometry follows from its place columns, as in a GeoPackage (workspace.geometry): the
# database derives it, so a client never sends one and a moved place moves what stands there.
GEOMETRY_FUNCTIONS = f"""
create function {SCHEMA}.place_point(place text) returns geometry language plpgsql stable as $$
begin
    return (select st_setsrid(st_makepoint(lon, lat), {SRID}) from {SCHEMA}.places where id = place limit 1);
end $$;

create function {SCHEMA}.geometry() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'places' then
        new.geom := st_setsrid(st_makepoint(new.lon, new.lat), {SRID});
    elsif tg_table_name = 'routes' then
        new.geom := st_makeline({SCHEMA}.place_point(new.origin), {SCHEMA}.place_point(new.destination));
    else
        new.geom := {SCHEMA}.place_point(new.place);
    end if;
    return new;
end $$;

create function {SCHEMA}.place_moved() returns trigger language plpgsql as $$
begin
    update {SCHEMA}.posts set geom = {SCHEMA}.place_point(place) where place = new.id;
    update {SCHEMA}.cases set geom = {SCHEMA}.place_point(place) where place = new.id;
    update {SCHEMA}.customs_partners set geom = {SCHEMA}.place_point(place) where place = new.id;
    update {SCHEMA}.routes set geom = st_makeline({SCHEMA}.place_point(origin), {SCHEMA}.place_point(destination))
        where origin = new.id or destination = new.id;
    return null;
end $$;
"""


def geometry_triggers_sql(name: str) -> sql.Composed:
    text = "create trigger geometry before insert or update on {t} for each row execute function {s}.geometry();"
    if name == "places":
        text += "create trigger place_moved after update of lon, lat on {t} for each row execute function {s}.place_moved();"
    return sql.SQL(text).format(t=table(name), s=sql.Identifier(SCHEMA))


# Before a row is written: its version counts up and it says who changed it and when (whatever the
# client sent). After: the audit row (without the geometry, which follows from the places) and
# a notification for the windows that show the data. SECURITY DEFINER: logins cannot write the
# audit themselves; session_user is the login, not the function's owner.
TRIGGER_FUNCTIONS = f"""
create function {SCHEMA}.data(r jsonb) returns jsonb language sql immutable as $$
    select r - 'geom' - 'version' - 'changed_by' - 'changed_at' $$;

create function {SCHEMA}.stamp() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and {SCHEMA}.data(to_jsonb(new)) = {SCHEMA}.data(to_jsonb(old)) then
        return new;  -- only the derived geometry moved (or nothing changed): no new version
    elsif tg_op = 'UPDATE' then
        new.version := old.version + 1;
    else
        new.version := 1;
    end if;
    new.changed_by := session_user;
    new.changed_at := clock_timestamp();
    return new;
end $$;

create function {SCHEMA}.audit() returns trigger language plpgsql security definer
set search_path = {SCHEMA}, pg_temp as $$
declare
    row_fid bigint := case when tg_op = 'DELETE' then old.fid else new.fid end;
begin
    if tg_op = 'UPDATE' and {SCHEMA}.data(to_jsonb(new)) = {SCHEMA}.data(to_jsonb(old)) then
        return null;
    end if;
    insert into {SCHEMA}.audit (layer, fid, action, who, before, after) values (
        tg_table_name, row_fid, lower(tg_op), session_user,
        case when tg_op = 'INSERT' then null else to_jsonb(old) - 'geom' end,
        case when tg_op = 'DELETE' then null else to_jsonb(new) - 'geom' end);
    perform pg_notify('{CHANNEL}', json_build_object('layer', tg_table_name, 'fid', row_fid,
                      'action', lower(tg_op), 'who', session_user)::text);
    return null;
end $$;
"""


def triggers_sql(name: str) -> sql.Composed:
    return sql.SQL(
        "create trigger stamp before insert or update on {t} for each row execute function {s}.stamp();"
        "create trigger audit after insert or update or delete on {t} for each row execute function {s}.audit();"
    ).format(t=table(name), s=sql.Identifier(SCHEMA))
