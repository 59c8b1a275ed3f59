"""Pan and zoom steps: a step of the view -> the page's next frame, as a user's wheel or drag ends.

Runs the real window offscreen and takes N steps in turn: zoom in, pan, pan back, zoom out (each
applied at once, as the end of a wheel or drag is: the page's moveend does the layout and the
canvas redraw). Prints medians and quartiles of the time, measured in the page, from the step to
its next frame having been laid out and painted (as bench/filter_latency.py measures a filter).
Usage: python bench/view_steps.py [N] [DATA_FOLDER]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# The window, the timed step and the statistics of bench/filter_latency.py (which sets up headless Qt).
_spec = importlib.util.spec_from_file_location("filter_latency", Path(__file__).with_name("filter_latency.py"))
latency = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(latency)

# Panned back at the zoom it panned at: the view comes back to where it started every four steps (a pan
# back at the other zoom drifted it off the data, and the later steps measured an empty ocean).
STEPS = [
    "MapApp.map.setZoom(MapApp.map.getZoom() + 0.5, { animate: false })",
    "MapApp.map.panBy([200, 120], { animate: false })",
    "MapApp.map.panBy([-200, -120], { animate: false })",
    "MapApp.map.setZoom(MapApp.map.getZoom() - 0.5, { animate: false })",
]


def main(n: int = 40, data: str | None = None) -> None:
    app, win = latency.open_window(data)
    frames = []
    for i in range(n):
        latency.timed_step(win, f"({STEPS[i % len(STEPS)]}, 1)")  # 1: the page's answer, not the map object
        frames.append(latency.frame_ms(win))
    print(f"view step -> the page's next frame over {n} steps (zoom in, pan, pan back, zoom out): {latency.summary(frames)}")
    win.close()
    app.quit()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40, sys.argv[2] if len(sys.argv) > 2 else None)
