"""Pan and zoom steps: a step of the view -> the page's next frame, as a user's wheel or drag ends.

Runs the real window offscreen and takes N steps in turn: zoom in, pan, zoom out, pan back (each
applied at once, as the end of a wheel or drag is: the page's moveend does the layout and the
canvas redraw). Prints medians and quartiles of the time, measured in the page, from the step to
its next frame having been laid out and painted (as bench/filter_latency.py measures a filter).
Usage: python bench/view_steps.py [N] [DATA_FOLDER]
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from mapapp.data.filtering import Filter  # noqa: E402
from mapapp.data.load import load_dataset  # noqa: E402
from mapapp.ui.app import application  # noqa: E402
from mapapp.ui.main_window import MainWindow  # noqa: E402

_spec = importlib.util.spec_from_file_location("filter_latency", Path(__file__).with_name("filter_latency.py"))
latency = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(latency)

STEPS = [
    "MapApp.map.setZoom(MapApp.map.getZoom() + 0.5, { animate: false })",
    "MapApp.map.panBy([200, 120], { animate: false })",
    "MapApp.map.setZoom(MapApp.map.getZoom() - 0.5, { animate: false })",
    "MapApp.map.panBy([-200, -120], { animate: false })",
]


def main(n: int = 40, data: str | None = None) -> None:
    app = application()
    win = MainWindow(load_dataset(data) if data else load_dataset(), lang="zh", initial=Filter(), remember=False)
    win.resize(1920, 1080)
    loop = QEventLoop()
    win.map.ready.connect(loop.quit)
    win.show()
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    frames = []
    for i in range(n):
        js = ("(function () { var t0 = performance.now(); window.filterFrameMs = null;"
              f" {STEPS[i % len(STEPS)]};"
              " requestAnimationFrame(function () { setTimeout(function () { window.filterFrameMs = performance.now() - t0; }, 0); });"
              " return 1; })()")
        done = QEventLoop()
        win.map.page().runJavaScript(js, 0, lambda _r: done.quit())
        done.exec()
        frames.append(latency.frame_ms(win))
    print(f"view step -> the page's next frame over {n} steps (zoom in, pan, zoom out, pan back): {latency.summary(frames)}")
    win.close()
    app.quit()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40, sys.argv[2] if len(sys.argv) > 2 else None)
