"""Built pages kept on disk, keyed by everything that goes into them.

A start with unchanged data (the usual case) reads the page back instead of importing
folium and building it again (together ~0.8 s of a 3 s start on the shipped data). The
key covers the data's content, the filter, language, view, extra scripts and the page
code itself, so any change builds afresh; hashing the data costs ~12 ms.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import shapely

from ..data.atomic import write_text_atomic
from ..data.load import Dataset

KEEP = 12  # pages kept; the oldest go first
ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def code_version() -> str:
    """The page code and assets: editing any of them invalidates every cached page."""
    h = hashlib.sha256()
    for pattern in ("mapapp/map/*.py", "mapapp/data/names.py", "assets/js/*.js", "assets/css/*.css"):
        for path in sorted(ROOT.glob(pattern)):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def dataset_key(ds: Dataset) -> str:
    h = hashlib.sha256()
    for name in sorted(ds.tables):
        h.update(name.encode())
        h.update(ds.tables[name].to_csv(index=False).encode())
    h.update(b"".join(shapely.to_wkb(ds.raw_basemap.geometry.values)))
    h.update(ds.raw_basemap.drop(columns="geometry").to_csv(index=False).encode())
    return h.hexdigest()


def page_key(ds: Dataset, *parts) -> str:
    h = hashlib.sha256((code_version() + dataset_key(ds)).encode())
    h.update(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:32]


def cached_page(folder: Path, key: str, build: Callable[[], str]) -> str:
    """The page for this key: read back if built before, else built, kept, and old ones pruned."""
    path = folder / f"page-{key}.html"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    html = build()
    write_text_atomic(path, html)
    pages = sorted(folder.glob("page-*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in pages[KEEP:]:
        old.unlink(missing_ok=True)
    return html
