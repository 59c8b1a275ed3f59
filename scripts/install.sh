#!/usr/bin/env bash
# Install what the app needs on Debian/Ubuntu: system libraries for Qt WebEngine, CJK fonts,
# and a fresh virtual environment in .venv. With --test, also Chromium, LibreOffice and the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libasound2 libdbus-1-3 libegl1 libfontconfig1 libgbm1 libgl1 libglib2.0-0 libgssapi-krb5-2
          libnss3 libxcomposite1 libxdamage1 libxkbcommon0 libxkbfile1 libxrandr2 libxtst6 libxcb-dri3-0
          fonts-noto-cjk fonts-dejavu-core)  # DejaVu: Latin text in PDFs (briefing/pdf.py LATIN)
extra="."
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium libreoffice-impress libreoffice-draw libreoffice-calc gdal-bin util-linux poppler-utils  # headless Chromium; LibreOffice opens the exports (calc: CSV); ogrinfo, ogr2ogr; prlimit, runuser; pdftoppm
             postgresql-15-postgis-3)  # a throwaway PostgreSQL/PostGIS cluster for the shared-workspace tests (tests/pg_server.py)
  extra=".[test]"
fi

if command -v apt-get >/dev/null; then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed" >&2; exit 1; }
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e "$extra"
# The app's own modules compiled once, here: where bytecode is not written (PYTHONDONTWRITEBYTECODE,
# a read-only folder) every start would compile them again, ~40 ms before the map (bench/RESULTS.md).
.venv/bin/python -m compileall -q mapapp
