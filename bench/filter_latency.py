"""Filter-to-map latency: a filter change in Python -> the page's new counts, and -> its next frame.

Runs the real window offscreen and cycles agency, drug, year and no filter N times; prints
medians and quartiles of (1) the round trip until Python has the page's counts and (2) the
time, measured in the page, from the change until the next frame has been laid out and
painted (its style, layout and paint; the raster and compositing that follow are not in it).
(2) is what a user waits for: with thousands of SVG paths it is most of the cost.
Usage: python bench/filter_latency.py [N] [DATA_FOLDER]
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
from mapapp.to_page import SetFilter  # noqa: E402
from mapapp.ui.app import application  # noqa: E402
from mapapp.ui.main_window import MainWindow  # noqa: E402
from mapapp.ui.map_view import receive_js  # noqa: E402


def open_window(data: str | None):
    """The real window on the data (the shipped data if None) at 1920x1080, its page loaded."""
    app = application()
    win = MainWindow(load_dataset(data) if data else load_dataset(), lang="zh", initial=Filter(), remember=False)
    win.resize(1920, 1080)
    loop = QEventLoop()
    win.map.ready.connect(loop.quit)
    win.show()
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    return app, win


def timed_step(win, expression: str) -> float:
    """Evaluate a page expression with the page's own timer from before it to its next frame (read it
    with frame_ms); the round trip until Python has the answer, in ms."""
    js = ("(function () { var t0 = performance.now(); window.filterFrameMs = null;"
          f" var answer = {expression};"
          " requestAnimationFrame(function () { setTimeout(function () { window.filterFrameMs = performance.now() - t0; }, 0); });"
          " return answer; })()")
    done = QEventLoop()
    start = time.perf_counter()
    win.map.page().runJavaScript(js, 0, lambda _r: done.quit())
    done.exec()
    return (time.perf_counter() - start) * 1000


def main(n: int = 200, data: str | None = None) -> None:
    app, win = open_window(data)
    filters = [Filter.from_text(agency="NPA"), Filter.from_text(drug="ketamine"), Filter.from_text(year="106"), Filter()]
    trips, frames = [], []
    for i in range(n):
        trips.append(timed_step(win, receive_js(SetFilter(filters[i % len(filters)].to_json()))))
        frames.append(frame_ms(win))
    print(f"filter round trip over {n} changes: {summary(trips)}; to the page's next frame: {summary(frames)}")
    win.close()
    app.quit()


def frame_ms(win) -> float:
    """The page's own measure of the last change -> its next frame, once it is there."""
    box = [-1.0]
    while box[0] < 0:
        done = QEventLoop()
        win.map.page().runJavaScript("window.filterFrameMs === null ? -1 : window.filterFrameMs", 0,
                                     lambda value: (box.__setitem__(0, float(value)), done.quit()))
        done.exec()
    return box[0]


def summary(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20)  # 5% steps: q[4] is p25, q[14] p75, q[17] p90
    return (f"median {statistics.median(samples):.2f} ms, p25 {q[4]:.2f} ms, p75 {q[14]:.2f} ms, "
            f"p90 {q[17]:.2f} ms, max {max(samples):.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, sys.argv[2] if len(sys.argv) > 2 else None)
