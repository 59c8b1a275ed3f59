"""Who may write what, enforced by PostgreSQL: a group role per agency, a reader and an admin, and
row-level security on every layer. Logins are members of one group (db add-user).

An agency's login writes only the rows of its own agency (OWN_ROWS); a layer no agency owns (the
places, the detention figures, the briefing's totals...) is written by the admin only; every login
reads everything. A row another agency owns is not visible to an agency's UPDATE or DELETE, so
PostgreSQL changes nothing there (the save path tells the user, data/database/save.py); an INSERT
of another agency's row fails with "new row violates row-level security policy".
"""

from __future__ import annotations

from psycopg import sql

from . import ADMIN, AGENCY_ROLES, GROUPS
from .sql import SCHEMA, table

# Per layer an agency may write: which rows are its own (SQL over the row; my_agency() is the login's).
OWN_ROWS = {
    "posts": "agency = {s}.my_agency()",
    "results": "agency = {s}.my_agency()",
    "cases": "agency = {s}.my_agency()",  # the lead agency
    "case_drugs": "exists (select 1 from {s}.cases c where c.id = case_id and c.agency = {s}.my_agency())",
    "routes": "{s}.my_agency() = any(string_to_array(agencies, ';'))",
    "customs_partners": "{s}.my_agency() = 'CUSTOMS'",
}


def my_agency_sql() -> str:
    cases = " ".join(f"when pg_has_role(session_user, '{role}', 'member') then '{agency}'"
                     for agency, role in AGENCY_ROLES.items())
    return (f"create function {SCHEMA}.my_agency() returns text language sql stable "
            f"as $$ select case {cases} end $$;")


def roles_sql() -> list[sql.Composed]:
    """The group roles, made once per server (they outlive a dropped schema)."""
    out = []
    for role in GROUPS.values():
        out.append(sql.SQL("do $$ begin if not exists (select from pg_roles where rolname = {name}) then "
                           "create role {role} nologin; end if; end $$").format(name=sql.Literal(role), role=sql.Identifier(role)))
    return out


def grants_sql(tables: list[str]) -> list[sql.Composed]:
    """Reading for all; writing for the admin everywhere and for the agencies where OWN_ROWS says."""
    everyone = sql.SQL(", ").join(sql.Identifier(r) for r in GROUPS.values())
    agencies = sql.SQL(", ").join(sql.Identifier(r) for r in AGENCY_ROLES.values())
    admin = sql.Identifier(ADMIN)
    out = [sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(SCHEMA), everyone),
           sql.SQL("grant select on all tables in schema {} to {}").format(sql.Identifier(SCHEMA), everyone),
           sql.SQL("grant usage on all sequences in schema {} to {}, {}").format(sql.Identifier(SCHEMA), agencies, admin)]
    for name in tables:
        t = table(name)
        out.append(sql.SQL("alter table {} enable row level security").format(t))
        out.append(sql.SQL("create policy read on {} for select using (true)").format(t))
        out.append(sql.SQL("create policy admin on {} for all to {} using (true) with check (true)").format(t, admin))
        out.append(sql.SQL("grant insert, update, delete on {} to {}").format(t, admin))
        if name in OWN_ROWS:
            own = sql.SQL(OWN_ROWS[name].format(s=SCHEMA))
            out.append(sql.SQL("create policy own_rows on {} for all to {} using ({}) with check ({})").format(t, agencies, own, own))
            out.append(sql.SQL("grant insert, update, delete on {} to {}").format(t, agencies))
    return out
