"""Concurrent clients saving to one shared workspace through the app's own save path
(data/database/save.save_changes and resolve), then an account of every edit.

8 client processes (4 NPA logins, 4 MJIB logins) each make EDITS edits to the `source` text of
posts picked at random from a small overlapping set (the first 4 posts of each agency), one
edit in ten aimed at the other agency's post. (Not the `posts` count: changing it breaks the
briefing's stated totals, and the save refuses that whole, as it should.) A conflict is resolved once as "mine" (checked by
version again); a second conflict keeps theirs. Afterwards: every accepted edit must be in the
audit table under its login, the rows must hold the last audited value, and refused edits must
have been reported and left no trace.
Usage: python bench/shared_edits.py [CLIENTS] [EDITS]   (a throwaway cluster, as the tests use)
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _fresh_posts(url: str, ds):
    """The client's base for its next edit: the posts rows and stamps as they stand now (a window
    would re-read on the change notification; a whole reload per edit would measure reading)."""
    import dataclasses

    import psycopg

    from mapapp.data import schema
    from mapapp.data.database.read import last_change, read_layer

    stamps: dict = {}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("set transaction isolation level repeatable read, read only")
        revision = last_change(cur)  # only posts change in this bench: the rest of ds is still current
        table, _ = read_layer(cur, "bench", schema.BY_NAME["posts"], stamps)
    return dataclasses.replace(ds, tables={**ds.tables, "posts": table.frame}, stamps={**ds.stamps, "posts": stamps},
                               revision=revision)


def client(url: str, agency: str, targets: dict[str, list[str]], edits: int, seed: int, out) -> None:
    try:
        out.put((agency, _edits(url, agency, targets, edits, seed)))
    except Exception:  # noqa: BLE001 (the parent reports it)
        import traceback

        out.put((agency, traceback.format_exc()))


def _edits(url: str, agency: str, targets: dict[str, list[str]], edits: int, seed: int) -> dict:
    from mapapp.data.database.save import resolve, save_changes
    from mapapp.data.load import load_dataset

    rng = random.Random(seed)
    ds = load_dataset(url)
    other = "MJIB" if agency == "NPA" else "NPA"
    log = {"accepted": [], "refused": 0, "theirs_kept": 0, "conflicts": 0, "save_ms": []}
    for i in range(edits):
        post = rng.choice(targets[other if rng.random() < 0.1 else agency])
        value = f"bench: {agency} client {seed} edit {i}"
        tables = {**ds.tables, "posts": ds.tables["posts"].copy()}
        tables["posts"].loc[tables["posts"]["id"] == post, "source"] = value
        start = time.perf_counter()
        report = save_changes(url, ds, tables)
        if report.conflicts:
            log["conflicts"] += 1
            report = resolve(url, ds, report.conflicts, "mine")
            log["theirs_kept"] += len(report.conflicts)
        log["save_ms"].append((time.perf_counter() - start) * 1000)
        log["refused"] += len(report.refused)
        if report.counts.get("posts", {}).get("updated"):
            log["accepted"].append((post, value))
        ds = _fresh_posts(url, ds)
    return log


def main(clients: int = 8, edits: int = 200) -> None:
    import psycopg

    from mapapp.cli import main as cli
    from tests.pg_server import PgServer

    server = PgServer()
    try:
        url = server.create_database("bench")
        cli(["db", "init", url])
        logins = []
        for n in range(clients):
            agency = "NPA" if n % 2 == 0 else "MJIB"
            name, password = f"{agency.lower()}_{n}", uuid.uuid4().hex
            secret = server.folder / f"pw-{n}"
            secret.write_text(password)
            cli(["db", "add-user", url, name, "--agency", agency, "--password-file", str(secret)])
            logins.append((agency, name, server.url("bench", name, password)))
        with psycopg.connect(url) as conn:
            targets = {a: [r[0] for r in conn.execute("select id from mapapp.posts where agency = %s order by fid limit 4", (a,))]
                       for a in ("NPA", "MJIB")}
        queue = multiprocessing.get_context("spawn").Queue()
        procs = [multiprocessing.get_context("spawn").Process(target=client, args=(u, a, targets, edits, n, queue))
                 for n, (a, _, u) in enumerate(logins)]
        start = time.perf_counter()
        for p in procs:
            p.start()
        results = [queue.get(timeout=1800) for _ in procs]  # a client that fails puts its traceback
        failed = [log for _, log in results if isinstance(log, str)]
        if failed:
            raise RuntimeError(failed[0])
        for p in procs:
            p.join()
        wall = time.perf_counter() - start
        with psycopg.connect(url) as conn:
            audited = conn.execute("select who, count(*) from mapapp.audit where layer = 'posts' and action = 'update' "
                                   "group by who").fetchall()
            last = dict(conn.execute("select distinct on (after->>'id') after->>'id', after->>'source' from mapapp.audit "
                                     "where layer = 'posts' order by after->>'id', id desc").fetchall())
            now = dict(conn.execute("select id, source from mapapp.posts").fetchall())
        accepted = sum(len(log["accepted"]) for _, log in results)
        refused = sum(log["refused"] for _, log in results)
        saves = [ms for _, log in results for ms in log["save_ms"]]
        audit_total = sum(n for _, n in audited)
        print(f"{clients} clients x {edits} edits in {wall:.1f} s ({clients * edits / wall:.0f} saves/s); save median "
              f"{statistics.median(saves):.0f} ms, p90 {statistics.quantiles(saves, n=10)[-1]:.0f} ms")
        print(f"accepted {accepted}, refused (other agency's row) {refused}, conflicts {sum(log['conflicts'] for _, log in results)}"
              f" (theirs kept after a second conflict: {sum(log['theirs_kept'] for _, log in results)})")
        print(f"audit: {audit_total} updates by {len(audited)} logins; accepted == audited: {accepted == audit_total}; "
              f"every row holds its last audited value: {all(now[k] == v for k, v in last.items())}")
        assert accepted == audit_total and all(now[k] == v for k, v in last.items())
        assert accepted + refused + sum(log["theirs_kept"] for _, log in results) == clients * edits  # every edit accounted
    finally:
        server.stop()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
