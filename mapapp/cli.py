"""Command line: each subcommand parses its arguments and calls into the layers, nothing more."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .analysis.options import DEFAULT_RADIUS_KM, METHODS, PlannerError, WeightError
from .cli_db import add_db_commands, save_into_database
from .data.database import is_database
from .data.filtering import Filter, FilterError
from .data.issues import DataError, WorkspaceError
from .data.schema import AGENCIES, DEFAULT_DATA, IMPORTABLE, LAYERS

# The data stack (pandas, geopandas) and Qt load inside the commands that need them, so
# that opening the window can show the map before they are in memory (ui/start_loader.py).


def _add_data(p: argparse.ArgumentParser, top: bool = False) -> None:
    # Subcommands take the option too; SUPPRESS keeps their default from hiding the top-level value.
    # Top level: None, so opening the window can tell "no --data" (the user's workspace) from a path.
    default = None if top else argparse.SUPPRESS
    p.add_argument("--data", type=data_source, default=default,
                   help="data folder, workspace .gpkg or postgresql:// URL (default: the shipped data; "
                        "the window opens your workspace)")


def data_source(text: str) -> Path | str:
    """A path, or a database URL kept as text (a Path would fold its '//')."""
    return text if is_database(text) else Path(text)


def _add_filters(p: argparse.ArgumentParser, top: bool = False) -> None:
    default = None if top else argparse.SUPPRESS
    p.add_argument("--agency", default=default, help="agencies to show, e.g. NPA,MJIB (NPA, MJIB, CGA, CUSTOMS)")
    p.add_argument("--drug", default=default, help="drugs to show, e.g. ketamine,heroin")
    p.add_argument("--year", default=default, help="ROC years to show, e.g. 106,107")
    p.add_argument("--lang", choices=("zh", "en"), default="zh" if top else argparse.SUPPRESS, help="page language (default zh)")


def _filter(args) -> Filter:
    return Filter.from_text(args.agency, args.drug, args.year)


def cmd_check_data(args) -> int:
    from .briefing.scenes import dataset_scenes
    from .data.load import check_source
    from .data.summary import summarize, summary_lines

    dataset, issues = check_source(args.data)
    if dataset is not None:
        try:
            dataset_scenes(dataset)
        except DataError as exc:
            issues = issues + exc.issues
            dataset = None
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    if args.json:
        out = {
            "data": str(args.data),
            "ok": dataset is not None,
            "errors": [i.as_dict() for i in errors],
            "warnings": [i.as_dict() for i in warnings],
            "layers": summarize(dataset) if dataset is not None else None,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for issue in errors + warnings:
            print(issue, file=sys.stderr if issue.severity == "error" else sys.stdout)
        if dataset is not None:
            print("\n".join(summary_lines(summarize(dataset))))
        else:
            print(f"{len(errors)} error(s) in {args.data}", file=sys.stderr)
    return 0 if dataset is not None else 1


def _render(args) -> str:
    from .data.load import load_dataset
    from .map.build import render_page

    dataset = load_dataset(args.data)
    tiles = "OpenStreetMap" if getattr(args, "online_tiles", False) else None
    return render_page(dataset, _filter(args), args.lang, tiles)


def cmd_export_html(args) -> int:
    from .map.build import write_page

    path = write_page(args.out, _render(args))
    print(f"wrote {path}")
    return 0


def cmd_open(args) -> int:
    from .ui.app import run  # Qt only for the commands that show a window

    return run(args.data if args.data_given else None, args.lang,
               _filter(args) if (args.agency or args.drug or args.year) else None)


def cmd_screenshot(args) -> int:
    from .ui.offscreen import screenshot

    plan = None
    if args.plan is not None:
        agencies = sorted(Filter.from_text(args.plan_agency).agencies) if args.plan_agency else AGENCIES
        plan = (args.plan, tuple(agencies), args.plan_frontier)
    return screenshot(args.data, args.out, args.width, args.height, args.lang, _filter(args),
                      scene=args.scene, theme=args.theme or ("projector" if args.scene else "standard"), plan=plan,
                      select=tuple(args.select.split(":", 1)) if args.select else None, presenter_view=args.presenter_view,
                      change=tuple(args.change.split(":", 1)) if args.change else None)


def _scenes(args, ds):
    from .briefing.scenes import dataset_scenes, load_scenes

    scenes = load_scenes(args.scenes_file, ds) if args.scenes_file else dataset_scenes(ds)
    if not args.scenes:
        return scenes
    try:
        numbers = [int(n) for n in args.scenes.split(",") if n.strip()]
    except ValueError as exc:
        raise FilterError(f"--scenes takes scene numbers like 1,3,5: {args.scenes!r}") from exc
    bad = [n for n in numbers if not 1 <= n <= len(scenes)]
    if bad:
        raise FilterError(f"there is no scene {bad[0]}; the briefing has {len(scenes)}")
    return [scenes[n - 1] for n in numbers]


def cmd_export_scenes(args) -> int:
    from .data.load import load_dataset
    from .ui.offscreen import export

    ds = load_dataset(args.data)
    paper = None
    if args.format == "pdf":
        from .briefing.paper import layout

        paper = layout(args.paper, args.orientation)
    return export(ds, _scenes(args, ds), args.format, args.out, args.lang, (args.width, args.height), args.theme, paper)


def cmd_check_legibility(args) -> int:
    import json

    from .ui.legibility_check import check_scenes, report_text

    report = check_scenes(args.data, args.width, args.height, args.lang, args.scene)
    if isinstance(report, str):
        print(f"mapapp: check-legibility failed: {report}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else report_text(report, args.width, args.height))
    return 1 if any(scene["overlaps"] for scene in report) else 0


def cmd_plan(args) -> int:
    from .analysis.need import Weights
    from .analysis.plan_run import Question, answer, document, text_lines
    from .analysis.report import ranking_csv
    from .data.atomic import write_text_atomic
    from .data.load import load_dataset

    ds = load_dataset(args.data)
    agencies = tuple(sorted(_filter(args).agencies)) if args.agency else AGENCIES
    question = Question(agencies, args.new_posts, args.budget, args.radius_km, Weights.from_text(args.weights or ""),
                        not args.no_host_country, args.method, args.costs, args.hosts, args.frontier or bool(args.memo),
                        args.robustness or bool(args.memo))
    result = answer(ds, question)
    if args.json:
        text = json.dumps(document(result, str(args.data)), ensure_ascii=False, indent=2) + "\n"
    elif args.csv:
        text = ranking_csv(result.recommendation) if result.recommendation else ""
    else:
        text = "\n".join(text_lines(ds, result, args.lang)) + "\n"
    if args.memo:
        from .ui.offscreen import write_memo

        if write_memo(ds, result, args.memo, args.lang):
            return 1
    if args.out:
        write_text_atomic(args.out, text)
        print(f"wrote {args.out}")
    elif not args.memo or args.json:
        sys.stdout.write(text)
    return 0


def cmd_import(args) -> int:
    from .data.importing import import_file
    from .data.load import load_dataset, save_workspace
    from .data.workspace_changes import save_changes

    database = is_database(args.into)
    args.data = args.into if database or args.into.exists() else args.data  # errors name the file that was read
    ds = load_dataset(args.data)
    mapping = {}
    for item in args.map or []:  # "sheet header=column": how a header the importer does not know is read
        header, sep, column = item.rpartition("=")
        if not sep or not header.strip():
            raise FilterError(f"--map takes 'sheet header=column', not {item!r}")
        mapping[header.strip()] = column.strip()
    preview = import_file(ds, args.file, args.layer, mapping=mapping)
    for issue in preview.left_out:
        print(f"{issue.file}:{issue.row}: {issue.message}", file=sys.stderr)
    for m in preview.matches:
        if m.how in ("similar", "title"):  # read by resemblance or from the title: say so
            print(f"{args.file.name}: {m.header!r} read as {m.column} ({'a close name' if m.how == 'similar' else 'the title'})",
                  file=sys.stderr)
    for issue in preview.failed + preview.rejected:
        print(issue, file=sys.stderr)
    if preview.failed:
        print(f"mapapp: nothing imported; {args.into} is unchanged", file=sys.stderr)
        return 1
    print(f"{preview.layer}: {len(preview.added)} added, {len(preview.updated)} updated, "
          f"{len(preview.unchanged)} unchanged, {len(preview.rejected_rows)} rejected"
          + (f"; new places: {', '.join(preview.new_places)}" if preview.new_places else ""))
    if args.dry_run:
        print(f"dry run: {args.into} was not written")
    elif preview.ok and database:
        return max(save_into_database(args.into, ds, preview.tables), 1 if preview.rejected_rows else 0)
    elif preview.ok:
        if not args.into.exists():
            # Created from the data the preview was made from, never replacing a file another import
            # created meanwhile; the save then writes this import's rows only, as into any workspace.
            try:
                save_workspace(ds, args.into, replace=False)
                print(f"created {args.into} from {args.data}")
            except FileExistsError:
                pass
        report = save_changes(args.into, ds, preview.tables, ds.scenes_text)
        print(f"wrote {args.into} ({report.summary()})")
    return 1 if preview.rejected_rows else 0


def cmd_export_layer(args) -> int:
    from .data.exporting import export_layer
    from .data.load import load_dataset

    try:
        path = export_layer(load_dataset(args.data).tables, args.layer, args.out)
    except (OSError, ValueError) as exc:  # a folder, a read-only place, a full disk, an unknown format
        print(f"mapapp: could not write {args.out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mapapp", description="Cross-border drug-enforcement cooperation map (跨境合作緝毒)")
    _add_data(p, top=True)
    _add_filters(p, top=True)
    sub = p.add_subparsers(dest="command")

    check = sub.add_parser("check-data", help="validate a data folder and print per-layer rows and totals")
    _add_data(check)
    check.add_argument("--json", action="store_true", help="print the summary or the errors as JSON")
    check.set_defaults(func=cmd_check_data)

    export = sub.add_parser("export-html", help="write one self-contained offline HTML file of the map")
    export.add_argument("out", type=Path, help="the HTML file to write")
    _add_data(export)
    _add_filters(export)
    export.add_argument("--online-tiles", action="store_true", help="add OpenStreetMap tiles (needs internet; off by default)")
    export.set_defaults(func=cmd_export_html)

    shot = sub.add_parser("screenshot", help="render the whole window offscreen once the map has drawn, save a PNG")
    shot.add_argument("out", type=Path, help="the PNG file to write")
    shot.add_argument("--width", type=int, default=1920)
    shot.add_argument("--height", type=int, default=1080)
    shot.add_argument("--scene", type=int, help="show briefing scene N (1-based) as in presentation mode")
    shot.add_argument("--theme", choices=("standard", "projector"), default=None,
                      help="map theme (default: projector with --scene, else standard)")
    shot.add_argument("--plan", type=int, metavar="K", help="open the planner with its recommendation of K new posts")
    shot.add_argument("--plan-agency", help="with --plan: whose posts count today (NPA or MJIB; default all)")
    shot.add_argument("--plan-frontier", action="store_true", help="with --plan: the planner's frontier tab in front")
    shot.add_argument("--select", metavar="KIND:ID", help="show a feature's details, e.g. country:THA, posts:mjib-osaka")
    shot.add_argument("--change", metavar="OLD:NEW", help="the change in detentions between two as-of dates, e.g. 2018-10-31:2019-10-31")
    shot.add_argument("--presenter-view", action="store_true",
                      help="the presenter view (notes, next scene, times) on scene --scene N (default 1), not the window")
    _add_data(shot)
    _add_filters(shot)
    shot.set_defaults(func=cmd_screenshot)

    legible = sub.add_parser("check-legibility", help="show every briefing scene as presented and report the labels "
                             "and symbols that overlap (exit 1 if any do)")
    legible.add_argument("--width", type=int, default=1366)
    legible.add_argument("--height", type=int, default=768)
    legible.add_argument("--json", action="store_true", help="the report as JSON")
    legible.add_argument("--scene", type=int, help="only briefing scene N (1-based)")
    legible.add_argument("--lang", choices=("zh", "en"), default="zh")
    _add_data(legible)
    legible.set_defaults(func=cmd_check_legibility)

    plan = sub.add_parser("plan", help="recommend where K new posts, or officers within a budget, answer the most need")
    plan.add_argument("--new-posts", type=int, metavar="K", help="how many new posts to place")
    plan.add_argument("--budget", type=float, metavar="B",
                      help="officers within this budget instead: added to today's posts or opening new ones")
    plan.add_argument("--costs", type=Path, metavar="FILE",
                      help="cost per officer per year by place or country (CSV: key,cost_per_officer_year,currency,source; "
                           "default: equal costs, 1 per officer)")
    plan.add_argument("--hosts", type=Path, metavar="FILE",
                      help="where a post can stand (hosts.csv, with channels.csv beside it; default: the data's or the shipped)")
    plan.add_argument("--frontier", action="store_true", help="need answered against budget, from 0 until more buys nothing")
    plan.add_argument("--robustness", action="store_true",
                      help="solve again with each weight x0.5/x1.5 and radii 500-2,000 km; how often each place is chosen")
    plan.add_argument("--memo", type=Path, metavar="OUT.pdf",
                      help="write a two-page decision memo (map, frontier, options, robustness, assumptions)")
    plan.add_argument("--radius-km", type=float, default=DEFAULT_RADIUS_KM,
                      help=f"a post covers demand points within this geodesic distance (default {DEFAULT_RADIUS_KM:g})")
    plan.add_argument("--no-host-country", action="store_true",
                      help="cover by radius alone (default: a post also covers its whole host country)")
    plan.add_argument("--weights", help="need weights to change, e.g. death=20,cases=5 "
                      "(detained, life, death, seizure_kg, cases, routes)")
    plan.add_argument("--method", choices=METHODS, default="ilp",
                      help="ilp: integer programme solved by CBC (default); exhaustive: try every plan (small K only)")
    form = plan.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="the recommendation and every input it used, as JSON")
    form.add_argument("--csv", action="store_true", help="the ranking of the new posts as CSV")
    plan.add_argument("--out", type=Path, help="write to this file instead of standard output")
    _add_data(plan)
    plan.add_argument("--agency", default=argparse.SUPPRESS,
                      help="agencies whose posts count as today's coverage (default: all)")
    plan.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="language of the text (default zh)")
    plan.set_defaults(func=cmd_plan)

    imp = sub.add_parser("import", help="import a CSV, Excel, GeoJSON or GeoPackage file into a workspace")
    imp.add_argument("file", type=Path, help="the file to import")
    imp.add_argument("--into", type=data_source, required=True, metavar="WORKSPACE",
                     help="the workspace .gpkg (created from --data, default the shipped data, if it does not "
                          "exist) or a shared workspace's postgresql:// URL")
    imp.add_argument("--layer", choices=IMPORTABLE, help="the layer the rows are for (default: guessed from the columns)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    imp.add_argument("--map", action="append", metavar="HEADER=COLUMN",
                     help="read the sheet's HEADER as COLUMN (repeatable), e.g. --map '統計時點=as_of'; COLUMN empty leaves it out")
    _add_data(imp)
    imp.set_defaults(func=cmd_import)

    lay = sub.add_parser("export-layer", help="write one layer to CSV (for Excel), GeoJSON or GeoPackage")
    lay.add_argument("layer", choices=[layer.name for layer in LAYERS], help="the layer to export")
    lay.add_argument("out", type=Path, help="the file to write: .csv, .geojson or .gpkg")
    _add_data(lay)
    lay.set_defaults(func=cmd_export_layer)

    for fmt, what in (("pdf", "a PDF handout: one page per scene with map, caption and notes"),
                      ("pptx", "a PowerPoint deck: one slide per scene, notes in the speaker notes")):
        exp = sub.add_parser(f"export-{fmt}", help=f"render the briefing scenes offscreen into {what}")
        exp.add_argument("out", type=Path, help=f"the .{fmt} file to write")
        exp.add_argument("--scenes", help="scene numbers to include, e.g. 1,3,5 (default: all)")
        exp.add_argument("--scenes-file", type=Path, help="scenes JSON (default: scenes.json in the data folder)")
        if fmt == "pdf":  # the map is rendered at its printed frame's size: no pixel size to give
            exp.add_argument("--paper", choices=("A4", "A3"), default="A4", help="paper size (default A4)")
            exp.add_argument("--orientation", choices=("landscape", "portrait"), default="landscape",
                             help="page orientation (default landscape)")
        exp.add_argument("--width", type=int, default=1920, help="picture width in pixels (default 1920; pptx)")
        exp.add_argument("--height", type=int, default=1080, help="picture height in pixels (default 1080; pptx)")
        exp.add_argument("--theme", choices=("standard", "projector"), default="standard")
        _add_data(exp)
        exp.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="language (default zh)")
        exp.set_defaults(func=cmd_export_scenes, format=fmt)
    add_db_commands(sub, data_source, DEFAULT_DATA)
    return p


def read_args(argv: list[str]) -> argparse.Namespace:
    """The command line read. Opening the window (no command) needs only the top-level options:
    building every command's parser would cost 6 ms before the map shows. Anything more (a
    command, help, an error, an abbreviation) is read by the whole parser."""
    window = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    _add_data(window, top=True)
    _add_filters(window, top=True)
    try:
        args, rest = window.parse_known_args(argv)
    except argparse.ArgumentError:
        rest = argv
    return parser().parse_args(argv) if rest else args


def main(argv: list[str] | None = None) -> int:
    args = read_args(sys.argv[1:] if argv is None else argv)
    args.data_given = args.data is not None
    args.data = args.data if args.data_given else DEFAULT_DATA
    func = getattr(args, "func", cmd_open)
    try:
        return func(args)
    except FilterError as exc:
        print(f"mapapp: {exc}", file=sys.stderr)
        return 2
    except (PlannerError, WeightError) as exc:
        print(f"mapapp: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"mapapp: {args.data} has errors (run check-data):\n{exc}", file=sys.stderr)
        return 1
    except WorkspaceError as exc:  # a save or open that failed, or rows changed underneath a save
        print(f"mapapp: {exc}", file=sys.stderr)
        return 1
