#!/usr/bin/env bash
# Retakes the window and scene screenshots in docs/screenshots/ from the shipped data, so they show
# what the app draws today. With a folder argument, also the 100x world view from data made by
# `python bench/generate.py 100 FOLDER` (needs the dev extra).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
[ "$(id -u)" = 0 ] && export QTWEBENGINE_DISABLE_SANDBOX=1
shot() { .venv/bin/python main.py screenshot "$@" 2>/dev/null; }
out=docs/screenshots
shot "$out/window-all.png"
shot --agency NPA "$out/window-npa.png"
shot --agency MJIB "$out/window-mjib.png"
shot --drug ketamine "$out/window-ketamine.png"
shot --lang en "$out/window-english.png"
shot --width 1366 --height 768 "$out/window-laptop-1366.png"  # laptop layout: the charts a tab beside the map
for n in 2 6 7 9; do shot --scene "$n" "$out/scene-$n-projector.png"; done
for n in 3 5 16; do shot --scene "$n" --width 1366 --height 768 "$out/scene-$n-1366.png"; done
shot --select routes:r-cus-pax-1 --lang en "$out/details-route-en.png"
shot --select country:THA --width 1366 --height 768 "$out/details-country-zh-1366.png"
shot --plan 2 --plan-agency NPA "$out/planner-npa-2-posts.png"
shot --plan 2 --plan-agency NPA --plan-frontier "$out/planner-frontier.png"
# The exported page, as any browser shows it offline.
page() {
  local html; html=$(mktemp --suffix=.html)
  .venv/bin/python main.py export-html "$html" "${@:2}" >/dev/null 2>&1
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1920,1080 \
    --virtual-time-budget=8000 --screenshot="$1" "file://$html" 2>/dev/null | tail -1
  rm -f "$html"
}
page "$out/page-all.png"
page "$out/page-en.png" --lang en
page "$out/page-npa.png" --agency NPA
if [ $# -ge 1 ]; then shot --data "$1" "$out/world-100x.png"; fi
# The handout as printed: a page of the PDF, converted by pdftoppm (poppler-utils).
handout() {
  local pdf; pdf=$(mktemp --suffix=.pdf)
  .venv/bin/python main.py export-pdf "$pdf" --scenes "$2" "${@:3}" >/dev/null 2>&1
  pdftoppm -r 110 -png -singlefile "$pdf" "${1%.png}"
  rm -f "$pdf"
}
handout "$out/handout-a4-landscape.png" 1
handout "$out/handout-a4-portrait.png" 3 --orientation portrait
# The presenter view (laptop screen) and a scene marked up live (pen and highlighter), as exported.
shot --presenter-view --scene 3 --width 1366 --height 768 "$out/presenter-view.png"
.venv/bin/python - "$out/scene-9-marked.png" <<'PY' 2>/dev/null
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from mapapp.briefing.scenes import dataset_scenes, scene_jobs
from mapapp.data.load import load_dataset
from mapapp.ui.app import application
from mapapp.ui.exports import Export

app = application()
ds = load_dataset()
scenes = dataset_scenes(ds)
job = scene_jobs(scenes, "zh")[8]  # scene 9: NPA x Fujian
job["marks"] = [{"tool": "highlighter", "points": [[24.4, 118.2], [25.4, 119.4], [26.1, 119.3]]},
                {"tool": "pen", "points": [[22.0, 116.5], [21.2, 119.5], [22.0, 122.5], [24.5, 123.4], [26.6, 121.8]]}]
export = Export(ds, scenes[8:9], [job], "png", Path(sys.argv[1]), "zh", (1920, 1080), "projector")
loop = QEventLoop()
export.done.connect(lambda error: (print(error or f"wrote {sys.argv[1]}"), loop.quit()))
export.start()
loop.exec()
export.deleteLater()
QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the page goes before its profile
PY
