"""Filter-to-map latency: time from a filter change in Python to the page reporting its new counts.

Runs the real window offscreen on the shipped data and toggles agency filters N times;
prints the median and quartiles. Usage: python bench/filter_latency.py [N] [DATA_FOLDER]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from mapapp.data.filtering import Filter  # noqa: E402
from mapapp.data.load import load_dataset  # noqa: E402
from mapapp.ui.app import application  # noqa: E402
from mapapp.ui.main_window import MainWindow  # noqa: E402


def main(n: int = 200, data: str | None = None) -> None:
    app = application()
    win = MainWindow(load_dataset(data) if data else load_dataset(), lang="zh", initial=Filter(), remember=False)
    win.resize(1920, 1080)
    loop = QEventLoop()
    win.map.ready.connect(loop.quit)
    win.show()
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    filters = [Filter.from_text(agency="NPA"), Filter.from_text(drug="ketamine"), Filter.from_text(year="106"), Filter()]
    samples = []
    for i in range(n):
        done = QEventLoop()
        start = time.perf_counter()
        win.map.send("filter", lambda _r: done.quit(), filter=filters[i % len(filters)].to_json())
        done.exec()
        samples.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(samples, n=4)
    print(f"filter round trip over {n} changes: median {statistics.median(samples):.2f} ms, "
          f"p25 {q[0]:.2f} ms, p75 {q[2]:.2f} ms, max {max(samples):.2f} ms")
    win.close()
    app.quit()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, sys.argv[2] if len(sys.argv) > 2 else None)
