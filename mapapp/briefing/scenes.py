"""The briefing outline as data: scenes with a title, caption, notes, view, filter and highlights.

Scenes live in one reviewable JSON file (data/scenes.json). Loading checks every scene against
the dataset and reports each problem as file:line:field, the line being where that scene's "id"
is written; saving is atomic.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..data.atomic import write_text_atomic
from ..data.filtering import Filter, FilterError
from ..data.issues import DataError, Issue
from ..data.load import SCENES_FILE, Dataset
from ..data.workspace import SCENES_LAYER, is_workspace, layer_name

FORMAT = "mapapp-scenes/1"
HIGHLIGHT_KINDS = ("posts", "customs", "cases", "routes", "country")
PANELS = ("results",)
TEXT_FIELDS = ("title_zh", "title_en", "caption_zh", "caption_en", "notes_zh", "notes_en", "source")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Highlight:
    kind: str
    id: str


@dataclass(frozen=True)
class Scene:
    id: str
    title_zh: str
    title_en: str = ""
    caption_zh: str = ""
    caption_en: str = ""
    notes_zh: str = ""
    notes_en: str = ""
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None  # ((s, w), (n, e)), display lon
    filter: Filter = field(default_factory=Filter)
    highlight: tuple[Highlight, ...] = ()
    panel: str | None = None
    source: str = ""

    def text(self, name: str, lang: str) -> str:
        """title, caption or notes in lang, falling back to zh where the translation is missing."""
        return getattr(self, f"{name}_{lang}") or getattr(self, f"{name}_zh")

    def with_text(self, name: str, lang: str, value: str) -> Scene:
        return replace(self, **{f"{name}_{lang}": value})

    def to_json(self) -> dict:
        out: dict = {"id": self.id}
        out.update({k: getattr(self, k) for k in TEXT_FIELDS[:-1]})
        if self.bounds is not None:
            out["bounds"] = [list(self.bounds[0]), list(self.bounds[1])]
        out["filter"] = self.filter.to_json()
        if self.highlight:
            out["highlight"] = [{"kind": h.kind, "id": h.id} for h in self.highlight]
        if self.panel:
            out["panel"] = self.panel
        out["source"] = self.source
        return out

    def page_command(self, lang: str, number: int, total: int, animate: bool) -> dict:
        """What the page needs to show this scene (the fields of the 'scene' command)."""
        return {
            "id": self.id,
            "title": self.text("title", lang),
            "caption": self.text("caption", lang),
            "counter": f"{number} / {total}",
            "filter": self.filter.to_json(),
            "bounds": None if self.bounds is None else [list(self.bounds[0]), list(self.bounds[1])],
            "highlight": [{"kind": h.kind, "id": h.id} for h in self.highlight],
            "panel": self.panel,
            "animate": animate,
        }


def view_job(scene_id: str, flt: Filter, bounds, plan: dict | None = None) -> dict:
    """A page 'scene' command for a view that is no scene (an export of the screen, the memo's map):
    no words, no highlights; bounds None fits what the filter shows; plan: the planner's overlay."""
    job = {"id": scene_id, "title": "", "caption": "", "counter": "", "filter": flt.to_json(), "bounds": bounds,
           "highlight": [], "panel": None}
    return {**job, "plan": plan} if plan is not None else job


def scene_jobs(scenes: list[Scene], lang: str) -> list[dict]:
    """The page commands that render these scenes, numbered as a briefing of just these, unanimated."""
    return [s.page_command(lang, i + 1, len(scenes), animate=False) for i, s in enumerate(scenes)]


def feature_ids(ds: Dataset) -> dict[str, set[str]]:
    """Every id a scene may highlight, by kind."""
    return {
        "posts": set(ds.posts["id"]),
        "customs": set(ds.customs_partners["id"]),
        "cases": set(ds.cases["id"]),
        "routes": set(ds.routes["id"]),
        "country": set(ds.basemap["iso3"]),
    }


def new_scene_id(existing: list[Scene], stem: str = "scene") -> str:
    taken = {s.id for s in existing}
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


_ID_VALUE = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*")')
_OBJECT_WITH_ID = re.compile(r'\{\s*"id"')


def _with_lines(text: str, pattern: re.Pattern):
    """Each match with the line it starts on, counting newlines once through the text."""
    line, at = 1, 0
    for m in pattern.finditer(text):
        line += text.count("\n", at, m.start())
        at = m.start()
        yield m, line


class _Checker:
    """Collects every problem in a scenes file, each pointing at a scene's line and a field."""

    def __init__(self, name: str, text: str, ds: Dataset | None):
        self.name, self.ids = name, feature_ids(ds) if ds is not None else None
        self.issues: list[Issue] = []
        # Where each scene is written, found in one pass over the text (a search per scene made
        # a 10,000-scene file take minutes to check).
        self.id_lines: dict[str, int] = {}
        for m, line in _with_lines(text, _ID_VALUE):
            try:
                self.id_lines.setdefault(json.loads(m.group(1)), line)
            except ValueError:
                continue
        self.object_lines = [line for _, line in _with_lines(text, _OBJECT_WITH_ID)]

    def line_of(self, scene_id, index: int) -> int:
        if isinstance(scene_id, str) and scene_id in self.id_lines:
            return self.id_lines[scene_id]
        return self.object_lines[index] if index < len(self.object_lines) else 0

    def error(self, line: int, column: str, message: str) -> None:
        self.issues.append(Issue(self.name, line, column, message))

    def scene(self, raw, index: int, seen: set[str]) -> Scene | None:
        if not isinstance(raw, dict):
            self.error(self.line_of(None, index), f"scenes[{index}]", "a scene is an object")
            return None
        line = self.line_of(raw.get("id"), index)
        known = set(TEXT_FIELDS) | {"id", "bounds", "filter", "highlight", "panel"}
        for key in sorted(set(raw) - known):
            self.error(line, key, f"unknown field; expected one of {', '.join(sorted(known))}")
        sid = raw.get("id")
        if not isinstance(sid, str) or not _ID.match(sid):
            self.error(line, "id", f"expected lowercase letters, digits and '-', got {sid!r}")
        elif sid in seen:
            self.error(line, "id", f"duplicate scene id {sid!r}")
        seen.add(sid if isinstance(sid, str) else "")
        texts = {}
        for key in TEXT_FIELDS:
            value = raw.get(key, "")
            if not isinstance(value, str):
                self.error(line, key, f"expected text, got {type(value).__name__}")
                value = ""
            texts[key] = value.strip()
        if not texts["title_zh"]:
            self.error(line, "title_zh", "every scene needs a zh-TW title")
        bounds = self.bounds(raw.get("bounds"), line)
        try:
            flt = Filter.from_json(raw.get("filter", {}))
        except FilterError as exc:
            self.error(line, "filter", str(exc))
            flt = Filter()
        highlight = self.highlight(raw.get("highlight", []), line)
        panel = raw.get("panel")
        if panel is not None and panel not in PANELS:
            self.error(line, "panel", f"expected one of {', '.join(PANELS)} or null, got {panel!r}")
        return Scene(id=sid if isinstance(sid, str) else "", bounds=bounds, filter=flt, highlight=highlight,
                     panel=panel if panel in PANELS else None, **texts)

    def bounds(self, raw, line: int):
        if raw is None:
            return None
        try:
            (s, w), (n, e) = raw
            s, w, n, e = (float(v) for v in (s, w, n, e))
        except (TypeError, ValueError):
            self.error(line, "bounds", f"expected [[south, west], [north, east]], got {raw!r}")
            return None
        if not (-90 <= s < n <= 90) or not (-180 <= w < e <= 540):
            self.error(line, "bounds", f"south < north within ±90 and west < east within -180..540 needed, got {raw!r}")
            return None
        return ((s, w), (n, e))

    def highlight(self, raw, line: int) -> tuple[Highlight, ...]:
        if not isinstance(raw, list):
            self.error(line, "highlight", "expected a list of {kind, id}")
            return ()
        out = []
        for i, item in enumerate(raw):
            kind, fid = (item.get("kind"), item.get("id")) if isinstance(item, dict) else (None, None)
            if kind not in HIGHLIGHT_KINDS:
                self.error(line, f"highlight[{i}].kind", f"expected one of {', '.join(HIGHLIGHT_KINDS)}, got {kind!r}")
            elif self.ids is not None and fid not in self.ids[kind]:
                self.error(line, f"highlight[{i}].id", f"no {kind} with id {fid!r} in the data")
            else:
                out.append(Highlight(kind, str(fid)))
        return tuple(out)


def load_scenes(path: Path | str, ds: Dataset | None = None) -> list[Scene]:
    """Read and check a scenes file; DataError lists every problem. ds: check highlights exist."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Issue(path.name, 0, "", f"cannot read: {exc}")]) from exc
    return parse_scenes(text, path.name, ds)


def scenes_name(ds: Dataset) -> str:
    """Where a dataset's scenes live, as issues name it: scenes.json, or work.gpkg:scenes."""
    return layer_name(ds.source, SCENES_LAYER) if is_workspace(ds.source) else SCENES_FILE


def dataset_scenes(ds: Dataset) -> list[Scene]:
    """The scenes stored with the data (none where there are none); DataError if they are wrong."""
    return parse_scenes(ds.scenes_text, scenes_name(ds), ds) if ds.scenes_text else []


def parse_scenes(text: str, name: str, ds: Dataset | None = None) -> list[Scene]:
    """Check a scenes document (from a file or a workspace); issues name `name`, line and field."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([Issue(name, exc.lineno, f"col {exc.colno}", f"not valid JSON: {exc.msg}")]) from exc
    except RecursionError:
        raise DataError([Issue(name, 1, "format", "nested too deeply to be a scenes document")]) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("scenes"), list):
        raise DataError([Issue(name, 1, "format", f'expected an object with "format": "{FORMAT}" and a "scenes" list')])
    checker = _Checker(name, text, ds)
    seen: set[str] = set()
    scenes = [checker.scene(raw, i, seen) for i, raw in enumerate(doc["scenes"])]
    if checker.issues:
        raise DataError(checker.issues)
    return [s for s in scenes if s is not None]


def scenes_document(scenes: list[Scene], about: str = "") -> str:
    doc = {"format": FORMAT, "about": about, "scenes": [s.to_json() for s in scenes]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def save_scenes(path: Path | str, scenes: list[Scene], about: str = "") -> Path:
    """Atomic; keeps the file's 'about' text when none is given."""
    path = Path(path)
    if not about and path.exists():
        try:
            about = json.loads(path.read_text(encoding="utf-8-sig")).get("about", "")
        except (ValueError, OSError, AttributeError):
            about = ""
    return write_text_atomic(path, scenes_document(scenes, about))
