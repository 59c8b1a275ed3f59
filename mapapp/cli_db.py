"""The `db` commands: a shared workspace on PostgreSQL/PostGIS made, filled and given logins."""

from __future__ import annotations

import sys
from pathlib import Path

from .data.database import GROUPS, where


def cmd_db_init(args) -> int:
    from .data.database.setup import init
    from .data.load import load_dataset

    counts = init(args.url, load_dataset(args.source))
    print(f"made schema mapapp on {where(args.url)} from {args.source}: "
          + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


def cmd_db_add_user(args) -> int:
    from .data.database.setup import add_user

    try:
        password = args.password_file.read_text(encoding="utf-8").rstrip("\r\n")
        add_user(args.url, args.name, args.agency, password)
    except (OSError, ValueError) as exc:
        print(f"mapapp: {exc}", file=sys.stderr)
        return 1
    print(f"login {args.name} ({args.agency}) added on {where(args.url)}")
    return 0


def cmd_db_checkout(args) -> int:
    from .data.database.checkout import checkout

    ds = checkout(args.url, args.file)
    print(f"checked out {where(args.url)} into {args.file} ({len(ds.posts)} posts, {len(ds.cases)} cases); "
          f"edit it offline, then: python main.py db checkin {args.file} URL")
    return 0


def cmd_db_checkin(args) -> int:
    from .data.database.checkout import checkin

    report = checkin(args.file, args.url, args.resolve)
    print(f"checked in {args.file} to {where(args.url)} ({report.summary()})")
    code = _not_saved(report)
    if report.conflicts:
        print(f"mapapp: {args.file} is unchanged; check in again with --resolve mine, theirs or merge", file=sys.stderr)
    elif report.refused:
        print(f"mapapp: {args.file} is unchanged: it keeps the rows this login may not write (for a login that may)",
              file=sys.stderr)
    else:
        print(f"{args.file} now holds the server's rows")
    return code


def save_into_database(url: str, ds, tables) -> int:
    """An import's rows saved to a shared workspace; rows changed meanwhile or not this login's are
    named and left as they are (exit 1)."""
    from .data.database.save import save_changes

    report = save_changes(url, ds, tables)
    print(f"wrote {where(url)} ({report.summary()})")
    return _not_saved(report)


def _not_saved(report) -> int:
    """Each row a shared save left as it was (a conflict, a refusal) said; the exit code (1 if any)."""
    for problem in [*report.conflicts, *report.refused]:
        print(f"mapapp: not saved: {problem}", file=sys.stderr)
    return 1 if report.conflicts or report.refused else 0


def add_db_commands(sub, data_source, default_data: Path) -> None:
    db = sub.add_parser("db", help="a shared workspace on PostgreSQL/PostGIS (see README: Shared workspace)")
    commands = db.add_subparsers(dest="db_command", required=True)
    init = commands.add_parser("init", help="make the schema mapapp and fill it from the shipped data or a workspace")
    init.add_argument("url", help="postgresql://USER@HOST/DATABASE (a login that may create schemas and roles)")
    init.add_argument("--from", dest="source", type=data_source, default=default_data,
                      help="data folder or workspace .gpkg to fill it from (default: the shipped data)")
    init.set_defaults(func=cmd_db_init)
    user = commands.add_parser("add-user", help="a login that writes its own agency's rows (or reads, or administers)")
    user.add_argument("url", help="postgresql://ADMIN@HOST/DATABASE")
    user.add_argument("name", help="the login's name")
    user.add_argument("--agency", required=True, choices=list(GROUPS), help="the group: an agency, reader or admin")
    user.add_argument("--password-file", required=True, type=Path, help="a file holding the password (first line)")
    user.set_defaults(func=cmd_db_add_user)
    out = commands.add_parser("checkout", help="the shared workspace into a new GeoPackage, to edit offline")
    out.add_argument("url", help="postgresql://USER@HOST/DATABASE")
    out.add_argument("file", type=Path, help="the .gpkg to create")
    out.set_defaults(func=cmd_db_checkout)
    back = commands.add_parser("checkin", help="a checked-out GeoPackage's changes back to the shared workspace")
    back.add_argument("file", type=Path, help="the .gpkg made by db checkout")
    back.add_argument("url", help="postgresql://USER@HOST/DATABASE")
    back.add_argument("--resolve", choices=("mine", "theirs", "merge"),
                      help="how rows changed on the server meanwhile are settled (default: list them, save the rest)")
    back.set_defaults(func=cmd_db_checkin)
