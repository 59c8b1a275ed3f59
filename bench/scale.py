"""Scale benchmark: the same measures on a data folder of any size (see bench/generate.py).

Prints medians for: loading and checking the data, building the page (and its size),
the planner's exact solve, process start -> window drawn (the screenshot command) with the
peak memory of the whole process tree (browser processes included), process start -> the
page's ready message, the map's pixels in the window and the panels in (the app's own
opening path), and the filter round trip in a running window.
Usage: python bench/scale.py DATA_FOLDER [RUNS] [TIMEOUT_S]
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_s(fn, runs: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        p = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(p)
        rss[p] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def window_start(data: Path, timeout: float) -> tuple[float | None, int]:
    """Process start -> PNG of the drawn window (includes a fixed 0.6 s settle), and peak tree RSS."""
    out = Path(tempfile.mkdtemp()) / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "screenshot", str(out), "--data", str(data)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]

    def watch():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = None
    watcher.join()
    elapsed = time.perf_counter() - start
    return (elapsed if code == 0 else None), peak[0]


PROBE = """
import sys
from mapapp.cli import read_args  # as main.py starts: the command line read first

args = read_args(["--data", sys.argv[1]])
from PySide6.QtCore import QTimer
from mapapp.ui.app import application
from mapapp.ui.start_loader import open_window

app = application()
w, loader = open_window(args.data, args.lang, None, remember=False)
w.resize(1920, 1080)
seen = set()

def mark(what):
    seen.add(what)
    print(what, flush=True)
    if len(seen) == 3:
        app.exit(0)

def pixels():  # the map's own pixels, not a blank view: the centre is no longer white
    image = w.map.grab().toImage()
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    if (colour.red(), colour.green(), colour.blue()) != (255, 255, 255):
        mark("pixels")
    else:
        QTimer.singleShot(20, pixels)

w.map.ready.connect(lambda counts: (mark("drawn"), pixels()) if "drawn" not in seen else None)
w.loaded.connect(lambda: mark("loaded"))
loader.failed.connect(lambda message: app.exit(1))
app.exec()
"""


def start_to_ready(data: Path, timeout: float) -> tuple[float, float, float] | None:
    """Process start -> the page reports it has drawn; -> its pixels are in the window (the centre
    is no longer blank, polled every 20 ms); -> the data and panels are in.

    The app's own opening path (the command line, then ui/start_loader.open_window), no screenshot
    and no settle wait.
    """
    code = PROBE
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(data)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT)
    times = {}
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    for line in proc.stdout:
        times.setdefault(line.strip(), time.perf_counter() - start)
    proc.wait()
    timer.cancel()
    return (times["drawn"], times["pixels"], times["loaded"]) if proc.returncode == 0 and len(times) == 3 else None


def filter_latency(data: Path, n: int, timeout: float) -> tuple[float, float] | None:
    """The medians from bench/filter_latency.py, run on this data folder: round trip, next frame."""
    try:
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "filter_latency.py"), str(n), str(data)],
                             capture_output=True, text=True, timeout=timeout * 3,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    found = re.findall(r"median ([0-9.]+) ms", out.stdout)
    return (float(found[0]), float(found[1])) if out.returncode == 0 and len(found) == 2 else None


def main(data: Path, runs: int = 3, timeout: float = 120) -> None:
    from mapapp.analysis.planner import build_problem, recommend
    from mapapp.data.load import load_dataset
    from mapapp.map.build import render_page

    load_s, ds = median_s(lambda: load_dataset(data), runs)
    print(f"{data}: posts {len(ds.posts)}, cases {len(ds.cases)}, routes {len(ds.routes)}, detentions {len(ds.detentions)}")
    print(f"  load + check data: {load_s:.2f} s")
    build_s, html = median_s(lambda: render_page(ds, remote_details=True), runs)
    print(f"  build the app's page (folium): {build_s:.2f} s, {len(html) / 1e6:.1f} MB")
    build_s, html = median_s(lambda: render_page(ds), runs)
    print(f"  build the page export-html writes (every word inline): {build_s:.2f} s, {len(html) / 1e6:.1f} MB")
    plan_s, rec = median_s(lambda: recommend(build_problem(ds), 2), runs)
    print(f"  planner, need + coverage + exact solve (k=2): {plan_s:.2f} s ({rec.solver})")
    starts = [window_start(data, timeout) for _ in range(runs)]
    done = [s for s, _ in starts if s is not None]
    peaks = ", ".join(f"{p / 1024:.0f}" for _, p in starts)  # the first run builds the page if the cache is cold
    shown = f"{statistics.median(done):.2f} s" if len(done) == len(starts) else f"did not finish within {timeout:.0f} s"
    print(f"  process start -> window drawn (screenshot): {shown}; peak memory of the process tree per run: {peaks} MB")
    ready = [start_to_ready(data, timeout) for _ in range(runs + 1)][1:]  # the first run fills the page cache
    if None in ready:
        print(f"  process start -> map drawn in the window: did not finish within {timeout:.0f} s")
    else:
        print(f"  process start -> page reports the map drawn: {statistics.median(r[0] for r in ready):.2f} s; "
              f"-> its pixels in the window: {statistics.median(r[1] for r in ready):.2f} s; "
              f"-> data and panels in: {statistics.median(r[2] for r in ready):.2f} s")
    latency = filter_latency(data, 40, timeout)
    print("  filter change -> " + ("no result within the time limit" if latency is None else
                                   f"page's counts back in Python: {latency[0]:.1f} ms; -> its next frame: {latency[1]:.1f} ms"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3, float(sys.argv[3]) if len(sys.argv) > 3 else 120)
