"""Checking a scenes document of N scenes (issue 14: 10,000 scenes took 97 s, a text search per scene).

Every scene is valid but one near the end, so the check walks them all and reports a line.
Usage: python bench/check_scenes.py N [RUNS]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapapp.briefing.scenes import parse_scenes  # noqa: E402
from mapapp.data.issues import DataError  # noqa: E402


def main(n: int, runs: int = 3) -> None:
    doc = {"format": "mapapp-scenes/1", "scenes": [{"id": f"s-{i}", "title_zh": f"第{i}幕"} for i in range(n)]}
    doc["scenes"][-2]["panel"] = "chart"
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            parse_scenes(text, "scenes.json")
        except DataError as exc:
            found = exc.issues
        times.append(time.perf_counter() - start)
    print(f"{n:,} scenes: {statistics.median(times) * 1000:,.0f} ms (median of {runs}); reported {found[0]}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3)
