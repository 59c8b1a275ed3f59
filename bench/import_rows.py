"""Import time for a large officer's file: N case rows (CP950 CSV, ROC dates, Chinese headers).

Times the check-and-merge (the preview) and the atomic workspace save, medians of RUNS.
Usage: python bench/import_rows.py [N] [RUNS]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mapapp.data.importing import import_file
from mapapp.data.load import load_dataset, save_workspace

CITIES = ("東京", "曼谷", "雅加達", "馬尼拉", "吉隆坡", "首爾", "河內", "金邊", "新加坡", "廈門", "高雄", "基隆")
AGENCIES = ("警政署", "調查局", "海巡署", "關務署")
DRUGS = ("安非他命", "愷他命", "海洛因", "大麻", "古柯鹼")


def write_file(path: Path, n: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    lines = ["編號,機關,日期,地點,合作對象,摘要,毒品,數量,單位"]
    for i in range(n):
        lines.append(f"imp-{i},{rng.choice(AGENCIES)},{rng.randint(105, 107)}.{rng.randint(1, 12)}.{rng.randint(1, 28)},"
                     f"{rng.choice(CITIES)},合作單位,案件 {i},{rng.choice(DRUGS)},{rng.randint(1, 900)},kg")
    path.write_bytes(("\n".join(lines) + "\n").encode("cp950"))
    return path


def main(n: int = 100_000, runs: int = 3) -> None:
    ds = load_dataset()
    folder = Path(tempfile.mkdtemp())
    src = write_file(folder / "cases.csv", n)
    previews, saves = [], []
    for _ in range(runs):
        start = time.perf_counter()
        preview = import_file(ds, src)
        previews.append(time.perf_counter() - start)
        start = time.perf_counter()
        save_workspace(ds, folder / "work.gpkg", preview.tables)
        saves.append(time.perf_counter() - start)
    print(f"{n:,} rows ({src.stat().st_size / 1e6:.1f} MB CP950): check and merge {statistics.median(previews):.1f} s "
          f"({n / statistics.median(previews):,.0f} rows/s), {len(preview.added):,} added, {len(preview.rejected_rows)} rejected; "
          f"workspace save {statistics.median(saves):.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
