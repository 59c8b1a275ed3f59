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
# Two years compared, from made-up next-year sheets in a scratch workspace (none ship): a detention
# table as of 108-10-31 (Big5, title row, totals and a note) and a post opened and one closed.
scratch=$(mktemp -d)
printf '國人因毒品案海外關押統計（截至108年10月31日止）,,,,\n國別,被關押人數,遭判無期,遭判死刑,備考\n日本,70,2,0,\n南韓,30,0,0,\n泰國,65,9,0,\n總計,165,11,0,\n註：示範資料,,,,\n' \
  | iconv -f utf-8 -t cp950 > "$scratch/108.csv"
printf '編號,機關,駐地,員額,地區,設立日期,裁撤日期\nnpa-nzl,警政署,威靈頓,1,大洋洲,2019-03-01,\nnpa-kor,警政署,首爾,1,亞洲,,2019-06-30\n' > "$scratch/posts.csv"
.venv/bin/python main.py import "$scratch/108.csv" --into "$scratch/w.gpkg" >/dev/null 2>&1
.venv/bin/python main.py import "$scratch/posts.csv" --into "$scratch/w.gpkg" >/dev/null 2>&1
shot --data "$scratch/w.gpkg" --change 2018-10-31:2019-10-31 --width 1366 --height 768 "$out/change-map-1366.png"
shot --data "$scratch/w.gpkg" --change 2018-10-31:2019-10-31 "$out/change-years-1920.png"
rm -rf "$scratch"
# A shared workspace's conflict in the window, and the feature's changes after the merge (a throwaway
# PostgreSQL/PostGIS cluster: needs `scripts/install.sh --test`).
.venv/bin/python scripts/shared_conflict_screenshot.py "$out/shared-conflict-zh.png" >/dev/null 2>&1
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
