"""The shared workspace on a real PostgreSQL/PostGIS server (a throwaway cluster, tests/pg_server.py):
made and filled by `db init`, read by every command that takes --data, with who may write what
enforced by the database itself."""

import json
import sqlite3
import subprocess
import uuid

import pandas as pd
import psycopg
import pytest

from mapapp.cli import main


def _init(url, capsys):
    assert main(["db", "init", url]) == 0
    assert "made schema mapapp" in capsys.readouterr().out


def _login(pg_server, database, url, tmp_path, agency, capsys):
    name = f"{agency.lower()}_{uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex
    (tmp_path / name).write_text(password + "\n")
    assert main(["db", "add-user", url, name, "--agency", agency, "--password-file", str(tmp_path / name)]) == 0
    assert f"login {name} ({agency}) added" in capsys.readouterr().out
    return name, pg_server.url(database, name, password)


def test_init_fills_the_schema_and_check_data_reads_it_as_the_shipped_data(pg_database, capsys):
    _, url = pg_database
    _init(url, capsys)
    assert main(["check-data", "--json"]) == 0
    shipped = json.loads(capsys.readouterr().out)
    assert main(["check-data", "--data", url, "--json"]) == 0
    shared = json.loads(capsys.readouterr().out)
    assert shared["layers"] == shipped["layers"]  # every layer's rows and totals, the 384 detained among them
    assert shared["layers"]["detentions"]["detained"] == 384
    assert main(["db", "init", url]) == 1  # a second init changes nothing and says why
    assert "has a schema mapapp already; nothing changed" in capsys.readouterr().err


def test_an_agency_login_writes_only_its_own_rows(pg_server, pg_database, tmp_path, capsys):
    database, url = pg_database
    _init(url, capsys)
    npa, npa_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    _, reader_url = _login(pg_server, database, url, tmp_path, "reader", capsys)
    with psycopg.connect(npa_url, autocommit=True) as conn:
        # Another agency's row: PostgreSQL's row-level security leaves it out of the UPDATE.
        assert conn.execute("update mapapp.posts set posts = 9 where id = 'mjib-tokyo'").rowcount == 0
        assert conn.execute("select posts, version from mapapp.posts where id = 'mjib-tokyo'").fetchone() == (1, 1)
        # Its own: changed, the version counted up, the login named.
        assert conn.execute("update mapapp.posts set posts = 2 where id = 'npa-jpn'").rowcount == 1
        assert conn.execute("select posts, version, changed_by from mapapp.posts where id = 'npa-jpn'").fetchone() == (2, 2, npa)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("insert into mapapp.posts (id, agency, place, posts, location_basis, region, source) "
                         "values ('mjib-x', 'MJIB', 'tokyo', 1, 'stated', 'asia', 'test')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a layer no agency owns: the admin's
            conn.execute("update mapapp.detentions set detained = 0")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nobody writes the audit but its trigger
            conn.execute("delete from mapapp.audit")
        audit = conn.execute("select layer, action, who, before->>'posts', after->>'posts', after->>'version' "
                             "from mapapp.audit").fetchall()
    assert audit == [("posts", "update", npa, "1", "2", "2")]  # the refused changes left no trace
    with psycopg.connect(reader_url, autocommit=True) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("update mapapp.posts set posts = 3 where id = 'npa-jpn'")


def test_a_login_and_its_password(pg_server, pg_database, tmp_path, capsys):
    database, url = pg_database
    _init(url, capsys)
    name, npa_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    psycopg.connect(npa_url).close()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_server.url(database, name, "not-the-password"))
    (tmp_path / "empty").write_text("")
    assert main(["db", "add-user", url, "someone", "--agency", "NPA", "--password-file", str(tmp_path / "empty")]) == 1
    assert "the password file is empty" in capsys.readouterr().err


def test_gdal_lists_the_layers_with_their_geometry(pg_server, pg_database, capsys):
    database, url = pg_database
    _init(url, capsys)
    out = subprocess.run(["ogrinfo", "-ro", "-so", pg_server.gdal(database) + " schemas=mapapp"],
                         capture_output=True, text=True, check=True).stdout
    for layer in ("posts (Point)", "cases (Point)", "routes (Line String)", "places (Point)", "basemap (Multi Polygon)"):
        assert layer in out, out


def _posts(ds, **changes):
    """ds's tables with posts cells changed: {post id: {column: value}}."""
    tables = {name: frame.copy() for name, frame in ds.tables.items()}
    posts = tables["posts"]
    for post_id, cells in changes.items():
        for column, value in cells.items():
            posts.loc[posts["id"] == post_id, column] = value
    return tables


def test_two_sessions_editing_the_same_row_lose_nothing(pg_server, pg_database, tmp_path, capsys):
    from mapapp.data.database.save import resolve, save_changes
    from mapapp.data.load import load_dataset

    database, url = pg_database
    _init(url, capsys)
    _, npa_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    first, second = load_dataset(npa_url), load_dataset(npa_url)  # two windows, read at the same moment
    report = save_changes(npa_url, first, _posts(first, **{"npa-jpn": {"posts": 2}}))
    assert report.counts == {"posts": {"added": 0, "updated": 1, "deleted": 0}} and not report.conflicts
    # The second edits the same row (another column) and one of its own: the other row is saved,
    # the shared one comes back as a conflict with the first's row and login.
    report = save_changes(npa_url, second, _posts(second, **{"npa-jpn": {"region": "americas"}, "npa-kor": {"posts": 3}}))
    assert report.counts["posts"]["updated"] == 1 and [str(c.key) for c in report.conflicts] == ["('npa-jpn',)"]
    conflict = report.conflicts[0]
    posts = list(first.tables["posts"].columns)
    assert conflict.kind == "changed" and conflict.who.startswith("npa_")
    assert conflict.theirs[posts.index("posts")] == "2" and conflict.mine[posts.index("region")] == "americas"
    merged = resolve(npa_url, second, report.conflicts, "merge")  # both edits kept
    assert merged.counts["posts"]["updated"] == 1 and not merged.conflicts
    after = load_dataset(npa_url).tables["posts"].set_index("id")
    assert (after.loc["npa-jpn", "posts"], after.loc["npa-jpn", "region"], after.loc["npa-kor", "posts"]) == (2, "americas", 3)
    again = resolve(npa_url, second, report.conflicts, "mine")  # their row moved on since: a conflict again
    assert len(again.conflicts) == 1 and not any(n for c in again.counts.values() for n in c.values())
    with psycopg.connect(url) as conn:
        audit = conn.execute("select after->>'id', after->>'version' from mapapp.audit order by id").fetchall()
    assert audit == [("npa-jpn", "2"), ("npa-kor", "2"), ("npa-jpn", "3")]  # every accepted change, in order


def test_a_save_outside_ones_agency_is_refused_and_said(qtbot, pg_server, pg_database, tmp_path, capsys):
    from mapapp.data.database.save import save_changes
    from mapapp.data.load import load_dataset
    from mapapp.ui.save_conflict import refusal_box, refusal_line  # as the window lists it

    database, url = pg_database
    _init(url, capsys)
    _, npa_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    ds = load_dataset(npa_url)
    report = save_changes(npa_url, ds, _posts(ds, **{"mjib-tokyo": {"posts": 5}, "npa-jpn": {"posts": 2}}))
    assert report.counts["posts"]["updated"] == 1
    assert [str(r) for r in report.refused] == ["posts mjib-tokyo: PostgreSQL refused the change: this login writes NPA rows only"]
    assert load_dataset(url).tables["posts"].set_index("id").loc["mjib-tokyo", "posts"] == 1
    assert [refusal_line(r, "zh") for r in report.refused] == ["駐外據點 mjib-tokyo：此帳號只能寫入警政署的資料"]
    assert refusal_box(None, report.refused, "zh").detailedText() == "駐外據點 mjib-tokyo：此帳號只能寫入警政署的資料"


def test_an_officers_sheet_imports_into_the_shared_workspace(pg_server, pg_database, tmp_path, capsys):
    database, url = pg_database
    _init(url, capsys)
    _, npa_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    sheet = tmp_path / "posts.csv"  # made up for the test: an NPA post opens in Wellington; an MJIB row too
    sheet.write_text("編號,機關,駐地,員額,地區,設立日期\nnpa-nzl,警政署,威靈頓,1,oceania,2019-03-01\n"
                     "mjib-nzl,調查局,威靈頓,1,oceania,2019-03-01\n", encoding="utf-8")
    assert main(["import", str(sheet), "--into", npa_url]) == 1  # one row is not this login's to write
    out = capsys.readouterr()
    assert "posts: 1 added" in out.out and "1 refused" in out.out
    assert "not saved: posts mjib-nzl: PostgreSQL refused the change: this login writes NPA rows only" in out.err
    with psycopg.connect(url) as conn:
        assert conn.execute("select id, st_astext(geom), changed_by like 'npa_%' from mapapp.posts where id like '%-nzl'").fetchall() \
            == [("npa-nzl", "POINT(174.7756 -41.2866)", True)]  # the point derived from its place by the database


def test_checkout_offline_edit_and_checkin_with_one_conflict(pg_server, pg_database, tmp_path, capsys):
    from mapapp.data.database.save import save_changes
    from mapapp.data.load import load_dataset

    database, url = pg_database
    _init(url, capsys)
    _, trip_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    _, office_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    trip = tmp_path / "trip.gpkg"
    assert main(["db", "checkout", trip_url, str(trip)]) == 0
    assert main(["db", "checkout", trip_url, str(trip)]) == 1  # never over a file that may hold edits
    capsys.readouterr()
    # Offline: two posts edited in the GeoPackage, as any workspace is.
    sheet = tmp_path / "trip.csv"
    sheet.write_text("編號,機關,駐地,員額,地區\nnpa-jpn,警政署,東京,2,asia\nnpa-kor,警政署,首爾,2,asia\n", encoding="utf-8")
    assert main(["import", str(sheet), "--into", str(trip)]) == 0
    with sqlite3.connect(trip) as conn:  # and the briefing's outline, as the scenes panel saves it
        document = conn.execute("select document from scenes").fetchone()[0]
        conn.execute("update scenes set document = ?", (document.replace("mapapp-scenes/1", "mapapp-scenes/1", 1) + " ",))
    conn.close()
    # Meanwhile at the office, on the server: one of the same posts.
    office = load_dataset(office_url)
    edited = {name: frame.copy() for name, frame in office.tables.items()}
    edited["posts"].loc[edited["posts"]["id"] == "npa-kor", "source"] = "office: new figures"
    assert save_changes(office_url, office, edited).counts["posts"]["updated"] == 1
    capsys.readouterr()
    before = trip.read_bytes()
    assert main(["db", "checkin", str(trip), trip_url]) == 1
    out = capsys.readouterr()
    assert "posts: 1 updated; 1 conflict(s); 1 refused" in out.out and "not saved: posts npa-kor: was changed by npa_" in out.err
    assert "not saved: scenes document: PostgreSQL refused the change" in out.err  # the outline is the admins'
    assert trip.read_bytes() == before  # the file keeps the trip's edits until the conflict is settled
    assert main(["db", "checkin", str(trip), trip_url, "--resolve", "merge"]) == 1
    assert "it keeps the rows this login may not write" in capsys.readouterr().err
    server = load_dataset(url).tables["posts"].set_index("id")
    assert server.loc["npa-jpn", "posts"] == 2 and server.loc["npa-kor", "posts"] == 2
    assert server.loc["npa-kor", "source"] != "office: new figures"  # both changed it: the trip's, as merge keeps mine
    assert load_dataset(trip).scenes_text.endswith(" ")  # what the server did not take is still in the file
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from mapapp.audit where layer = 'posts'").fetchone()[0] == 3
        assert not conn.execute("select document from mapapp.scenes").fetchone()[0].endswith(" ")
    # The outline goes in through an admin's login, from the same file; then the file is refreshed.
    _, admin_url = _login(pg_server, database, url, tmp_path, "admin", capsys)
    assert main(["db", "checkin", str(trip), admin_url]) == 0
    assert "scenes: 1 updated" in capsys.readouterr().out
    assert load_dataset(url).scenes_text.endswith(" ") and load_dataset(trip).tables["posts"].set_index("id").loc["npa-kor", "posts"] == 2


def test_the_readme_setup_an_admin_login_that_is_no_superuser_inits_and_adds_users(pg_server, pg_database, tmp_path, capsys):
    """README's few commands: the superuser makes the database's owner (CREATEROLE) and PostGIS; that
    login does the rest, and its logins' rights hold as with a superuser's init."""
    database, url = pg_database
    admin, password = f"mapadmin_{uuid.uuid4().hex[:6]}", uuid.uuid4().hex
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"create role {admin} login createrole password '{password}'")
        conn.execute("create extension postgis")
        conn.execute(f'alter database "{database}" owner to {admin}')
    admin_url = pg_server.url(database, admin, password)
    _init(admin_url, capsys)
    _, npa_url = _login(pg_server, database, admin_url, tmp_path, "NPA", capsys)
    with psycopg.connect(npa_url, autocommit=True) as conn:
        assert conn.execute("update mapapp.posts set posts = 9 where id = 'mjib-tokyo'").rowcount == 0
        assert conn.execute("update mapapp.posts set posts = 2 where id = 'npa-jpn'").rowcount == 1


def test_a_save_that_would_break_a_rule_with_others_rows_is_refused_whole(pg_server, pg_database, tmp_path, capsys):
    """Each alone is valid: the admin removes a place nothing stands at; an NPA officer, who read it
    before, opens a post there. Together a post would stand at no place: the second save changes nothing."""
    from mapapp.data.database.save import save_changes
    from mapapp.data.issues import WorkspaceError
    from mapapp.data.load import load_dataset

    database, url = pg_database
    _init(url, capsys)
    _, admin_url = _login(pg_server, database, url, tmp_path, "admin", capsys)
    _, npa_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    admin, npa = load_dataset(admin_url), load_dataset(npa_url)
    tables = {n: f.copy() for n, f in admin.tables.items()}
    tables["places"] = tables["places"][tables["places"]["id"] != "kaohsiung"]
    assert save_changes(admin_url, admin, tables).counts["places"]["deleted"] == 1
    tables = {n: f.copy() for n, f in npa.tables.items()}
    post = tables["posts"][tables["posts"]["id"] == "npa-jpn"].assign(id="npa-khh", place="kaohsiung")
    tables["posts"] = pd.concat([tables["posts"], post], ignore_index=True)
    with pytest.raises(WorkspaceError, match="would break a rule") as refused:
        save_changes(npa_url, npa, tables)
    assert "kaohsiung" in str(refused.value)
    assert "npa-khh" not in set(load_dataset(url).tables["posts"]["id"])
