"""Time the briefing exports end to end: process start -> every scene rendered -> file written.

    python bench/export_scenes.py [runs]

Runs `main.py export-pdf` and `export-pptx` on all shipped scenes `runs` times each (offscreen)
and prints the median wall time and the median per scene. Each scene waits a fixed 0.5 s after the
page has placed it (SceneRenderer.SETTLE_MS), so that part is a floor, not a cost to optimise.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(runs: int) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    scenes = len(json.loads((ROOT / "data" / "scenes.json").read_text(encoding="utf-8"))["scenes"])
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("pdf", "pptx"):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                subprocess.run([sys.executable, str(ROOT / "main.py"), f"export-{fmt}", f"{tmp}/out.{fmt}"],
                               env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            size = Path(f"{tmp}/out.{fmt}").stat().st_size / 1e6
            print(f"export-{fmt}: {scenes} scenes, median {median:.1f} s ({median / scenes * 1000:.0f} ms/scene), "
                  f"min {min(times):.1f} s, max {max(times):.1f} s, {size:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
