"""Built pages kept on disk, keyed by everything that goes into them.

A start with unchanged data (the usual case) reads the page back instead of importing
folium and building it again (together ~0.8 s of a 3 s start on the shipped data). The
key covers the data's content, the filter, language, view, extra scripts and the page
code itself, so any change builds afresh; hashing the data costs ~12 ms.

The window can show the map before the data stack is even imported: a start pointer,
keyed by the bytes of the data source instead of the parsed tables, names the page that
source made last time (see ui/start_loader.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..data.atomic import write_text_atomic

if TYPE_CHECKING:  # the start pointer is read before the data stack loads
    from ..data.load import Dataset

KEEP = 12  # pages and start pointers kept; the least recently used go first
ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def code_version() -> str:
    """The code that writes pages (map, data, words) and the page's assets: editing any of them
    invalidates every cached page."""
    h = hashlib.sha256()
    for pattern in ("mapapp/map/*.py", "mapapp/data/**/*.py", "mapapp/strings/*.py", "assets/js/*.js", "assets/css/*.css"):
        for path in sorted(ROOT.glob(pattern)):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


class _Hashing:
    """A text file that only hashes what is written to it: a table is hashed as CSV in chunks,
    never held as one string (100,000 cases are 40 MB of text)."""

    def __init__(self, h):
        self.h = h

    def write(self, text: str) -> None:
        self.h.update(text.encode())


def dataset_key(ds: Dataset) -> str:
    import shapely

    h = hashlib.sha256()
    for name in sorted(ds.tables):
        h.update(name.encode())
        ds.tables[name].to_csv(_Hashing(h), index=False)
    h.update(b"".join(shapely.to_wkb(ds.raw_basemap.geometry.values)))
    ds.raw_basemap.drop(columns="geometry").to_csv(_Hashing(h), index=False)
    return h.hexdigest()


def _parts_key(h, parts) -> str:
    h.update(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:32]


def page_key(ds: Dataset, *parts) -> str:
    return _parts_key(hashlib.sha256((code_version() + dataset_key(ds)).encode()), parts)


def source_key(source: Path, *parts) -> str:
    """A data folder's files or a workspace file, byte for byte, with the page code and parts."""
    h = hashlib.sha256(code_version().encode())
    files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    for path in files:
        h.update(str(path.relative_to(source) if source.is_dir() else path.name).encode())
        h.update(path.read_bytes())
    return _parts_key(h, parts)


def _prune(folder: Path, pattern: str) -> None:
    found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[KEEP:]:
        old.unlink(missing_ok=True)


def cached_page(folder: Path, key: str, build: Callable[[], str]) -> Path:
    """The page file for this key: reused if built before, else built, kept, and old ones pruned."""
    path = folder / f"page-{key}.html"
    if path.is_file():
        path.touch()  # recently used: pruned last
        return path
    write_text_atomic(path, build())
    _prune(folder, "page-*.html")
    return path


def remember_start(folder: Path, source: str, page: Path) -> None:
    """Next time this source opens unchanged, show this page at once."""
    pointer = folder / f"start-{source}.txt"
    if not pointer.is_file() or pointer.read_text(encoding="utf-8") != page.name:
        write_text_atomic(pointer, page.name)
        _prune(folder, "start-*.txt")


def start_page(folder: Path, source: str) -> Path | None:
    """The page this source made last time, if it is still kept."""
    try:
        page = folder / (folder / f"start-{source}.txt").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return page if page.name.startswith("page-") and page.is_file() else None
