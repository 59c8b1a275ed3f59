"""The app against its floor: process start -> the map's pixels, for the app's own opening path and
for a bare QWebEngineView in a 20-line script loading the very same cached page, run in turn.

What the app adds over Chromium loading and drawing the page is the ratio of the two medians
(issue 16: within 1.1x on the shipped data). Both poll the view's centre every 20 ms until it is
no longer blank, as bench/scale.py does.
Usage: python bench/bare_view.py [RUNS] [DATA_FOLDER]
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("scale", ROOT / "bench" / "scale.py")
scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale)

BARE = """
import sys
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
view = QWebEngineView()
view.resize(1920, 1080)
view.show()
view.load(QUrl.fromLocalFile(sys.argv[1]))

def pixels():
    image = view.grab().toImage()
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    if (colour.red(), colour.green(), colour.blue()) != (255, 255, 255):
        print("pixels", flush=True)
        app.exit(0)
    else:
        QTimer.singleShot(20, pixels)

view.loadFinished.connect(lambda ok: pixels())
app.exec()
"""


def bare_pixels(page: Path, timeout: float) -> float | None:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", BARE, str(page)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        seen = time.perf_counter() - start
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return None
    return seen if line.strip() == "pixels" else None


def main(runs: int, data: Path) -> None:
    import compileall

    from mapapp.data.filtering import Filter
    from mapapp.data.load import load_dataset
    from mapapp.ui.map_view import write_app_page

    compileall.compile_dir(ROOT / "mapapp", quiet=1)  # as scripts/install.sh leaves the app
    page = write_app_page(load_dataset(data), Filter(), "zh")  # the app's cached page for this data
    scale.start_to_ready(data, 120)  # the start page of this data, as a second start finds it
    app, bare = [], []
    for _ in range(runs):
        measured = scale.start_to_ready(data, 120)
        if measured:
            app.append(measured[1])
        seen = bare_pixels(page, 120)
        if seen:
            bare.append(seen)
    a, b = statistics.median(app), statistics.median(bare)
    print(f"{data}: process start -> map's pixels, {runs} runs in turn: app {a:.3f} s "
          f"({min(app):.3f}-{max(app):.3f}), bare QWebEngineView {b:.3f} s ({min(bare):.3f}-{max(bare):.3f}); "
          f"ratio {a / b:.2f}")


if __name__ == "__main__":
    from mapapp.data.load import DEFAULT_DATA

    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10, Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_DATA)
