"""Open a page in headless Chromium with the network off and read back what it drew."""

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=127.0.0.1:9",  # the network is off: any http(s) fetch would fail
    "--virtual-time-budget=8000",
]


def require_chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")


def dump_dom(page: Path, *extra: str) -> str:
    require_chromium()
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot(page: Path, out: Path, width: int = 1600, height: int = 900) -> None:
    require_chromium()
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
             f"--screenshot={out}", page.resolve().as_uri()],
            capture_output=True, timeout=120, check=True,
        )


def drawn_counts(dom: str) -> dict:
    assert 'data-mapapp-ready="1"' in dom, "the page did not finish drawing"
    match = re.search(r'data-counts="([^"]*)"', dom)
    return json.loads(html.unescape(match.group(1)))
