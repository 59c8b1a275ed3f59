"""Commands from Python to the map page, each a small dataclass with the typed reply it gets back.

A command is the JSON argument of the page's one entry point, MapApp.receive, which hands it to
one handler in a table (assets/js/commands.js, keyed by TYPE) and always answers with JSON;
`reply` turns that answer into a Python value, so no caller sniffs strings. The other
direction, what the page may tell Python, is validated in bridge.py (from_page).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Command:
    TYPE: ClassVar[str]

    def message(self) -> str:
        return json.dumps({"type": self.TYPE, **asdict(self)}, ensure_ascii=False)

    def reply(self, answer):
        """The page's answer (decoded JSON) as the value this command promises; None by default."""
        return None


def _counts(answer) -> dict[str, int]:
    """Features shown per layer."""
    return {str(k): int(v) for k, v in (answer or {}).items()}


@dataclass(frozen=True)
class SetFilter(Command):
    TYPE: ClassVar[str] = "filter"
    filter: dict  # Filter.to_json

    def reply(self, answer) -> dict[str, int]:
        return _counts(answer)


@dataclass(frozen=True)
class SetLanguage(Command):
    TYPE: ClassVar[str] = "language"
    lang: str


@dataclass(frozen=True)
class Select(Command):
    """Select a feature or country and open its details; fly=False keeps the view where it is."""

    TYPE: ClassVar[str] = "select"
    kind: str
    id: str
    fly: bool = True

    def reply(self, answer) -> bool:
        return bool(answer)  # whether the page has it


@dataclass(frozen=True)
class Fit(Command):
    TYPE: ClassVar[str] = "fit"


@dataclass(frozen=True)
class FlyTo(Command):
    TYPE: ClassVar[str] = "flyTo"
    lat: float
    lon: float  # display longitude
    zoom: float


@dataclass(frozen=True)
class SceneShown:
    counts: dict[str, int]
    highlighted: int
    missing: list


@dataclass(frozen=True)
class ShowScene(Command):
    TYPE: ClassVar[str] = "scene"
    scene: dict  # Scene.page_command

    def reply(self, answer) -> SceneShown:
        return SceneShown(_counts(answer["counts"]), int(answer["highlighted"]), list(answer["missing"]))


@dataclass(frozen=True)
class EndScene(Command):
    TYPE: ClassVar[str] = "endScene"


@dataclass(frozen=True)
class SetTheme(Command):
    TYPE: ClassVar[str] = "theme"
    theme: str


@dataclass(frozen=True)
class SetPrint(Command):
    """The page as exports show it: without the controls only a pointer can use (zoom buttons)."""

    TYPE: ClassVar[str] = "print"
    on: bool


@dataclass(frozen=True)
class ShowChange(Command):
    """The change between two detention snapshots (data/snapshots.change), or None to show the figures."""

    TYPE: ClassVar[str] = "change"
    change: dict | None

    def reply(self, answer) -> int:
        return int(answer or 0)


@dataclass(frozen=True)
class SetMarkTool(Command):
    """The presenter's pointer: "pen", "highlighter", "spotlight", or None to pan and select again."""

    TYPE: ClassVar[str] = "markTool"
    tool: str | None

    def reply(self, answer) -> str | None:
        return answer if isinstance(answer, str) else None


@dataclass(frozen=True)
class GetMarks(Command):
    """The strokes on the map: [{tool, points: [[lat, lon], ...]}], to keep for a scene."""

    TYPE: ClassVar[str] = "marks"

    def reply(self, answer) -> list[dict]:
        return [m for m in (answer or []) if isinstance(m, dict)]


@dataclass(frozen=True)
class SetMarks(Command):
    TYPE: ClassVar[str] = "setMarks"
    marks: list


@dataclass(frozen=True)
class View:
    bounds: list  # [[south, west], [north, east]], display longitudes
    center: list
    zoom: float


@dataclass(frozen=True)
class GetView(Command):
    TYPE: ClassVar[str] = "view"

    def reply(self, answer) -> View:
        return View(answer["bounds"], answer["center"], float(answer["zoom"]))


@dataclass(frozen=True)
class GetSize(Command):
    TYPE: ClassVar[str] = "size"

    def reply(self, answer) -> tuple[int, int]:
        return int(answer[0]), int(answer[1])  # the page's viewport in CSS pixels


@dataclass(frozen=True)
class ShowPlan(Command):
    TYPE: ClassVar[str] = "plan"
    plan: dict  # map.planner_layer.plan_overlay


@dataclass(frozen=True)
class EndPlan(Command):
    TYPE: ClassVar[str] = "endPlan"


@dataclass(frozen=True)
class SetPick(Command):
    TYPE: ClassVar[str] = "pick"
    mode: str | None  # the next map click adds ("add") or moves ("move") a post; None: a click selects


@dataclass(frozen=True)
class SetEditing(Command):
    TYPE: ClassVar[str] = "editing"
    on: bool


@dataclass(frozen=True)
class ShowDetails(Command):
    """The words of one feature the page asked for (bridge.DetailsWanted): data/present.py's
    Details.to_json(), or None if the data has no such feature."""

    TYPE: ClassVar[str] = "details"
    kind: str
    id: str
    lang: str
    entry: list | None


@dataclass(frozen=True)
class Drawn:
    """A label or symbol on screen: its kind (posts, customs, cases, detentions, label, box), key and box."""

    kind: str
    key: str
    box: tuple[float, float, float, float]  # left, top, right, bottom, in CSS pixels


@dataclass(frozen=True)
class GetDrawn(Command):
    """Every label and symbol drawn inside the map now (assets/js/legibility.js)."""

    TYPE: ClassVar[str] = "legibility"

    def reply(self, answer) -> list[Drawn]:
        return [Drawn(str(i["kind"]), str(i["name"]), tuple(float(v) for v in i["box"])) for i in answer["items"]]
