"""A save that changes one row of a workspace holding N imported case rows (issue 14).

"whole file" is how a save worked before: every layer written into a new file, renamed over the
old one. "in place" is workspace_changes.save_changes: the one changed row, in one transaction.
The two run interleaved, RUNS times each; the changed row alternates between two texts.
Usage: python bench/save_row.py [N] [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.import_rows import write_file  # noqa: E402
from mapapp.data.importing import import_file  # noqa: E402
from mapapp.data.load import load_dataset, save_workspace  # noqa: E402
from mapapp.data.workspace_changes import save_changes  # noqa: E402


def main(n: int = 100_000, runs: int = 5) -> None:
    folder = Path(tempfile.mkdtemp())
    preview = import_file(load_dataset(), write_file(folder / "cases.csv", n))
    whole, in_place = folder / "whole.gpkg", folder / "in_place.gpkg"
    save_workspace(preview.dataset, whole, preview.tables)
    save_workspace(preview.dataset, in_place, preview.tables)
    base = load_dataset(in_place)
    rows = sum(len(f) for f in base.tables.values())
    times: dict[str, list[float]] = {"whole file": [], "in place": []}
    for run in range(runs):
        tables = dict(base.tables)
        cases = tables["cases"].copy()
        cases.loc[len(cases) // 2, "summary_zh"] = f"案件摘要（第 {run} 次修改）"
        tables["cases"] = cases
        start = time.perf_counter()
        save_workspace(base, whole, tables)
        times["whole file"].append(time.perf_counter() - start)
        start = time.perf_counter()
        report = save_changes(in_place, base, tables, base.scenes_text)
        times["in place"].append(time.perf_counter() - start)
        assert report.summary() == "cases: 1 updated", report.summary()
        base = replace(base, tables=tables, revision=report.revision)
    assert len(load_dataset(in_place).cases) == len(base.tables["cases"])
    size = in_place.stat().st_size / 1e6
    print(f"{rows:,} rows in the workspace ({size:.0f} MB); one case row changed, medians of {runs}, interleaved:")
    for name, values in times.items():
        print(f"  {name:<10} {statistics.median(values) * 1000:8.0f} ms  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})")
    ratio = statistics.median(times["whole file"]) / statistics.median(times["in place"])
    print(f"  in place is {ratio:.0f}x faster")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 5)
