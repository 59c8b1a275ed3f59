"""Messages from the map page to Python, as typed values with a strict JSON codec (the other
direction is to_page.py).

The page may send only these; anything else is refused, so a page that ever ran
foreign script could still not make Python do more than select a feature or offer
a point to the planner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .data.filtering import MAP_LAYERS

CLICKABLE = ("posts", "cases", "routes", "customs", "country")
MAX_MESSAGE = 4096


class BridgeError(ValueError):
    pass


@dataclass(frozen=True)
class Ready:
    counts: dict[str, int]


@dataclass(frozen=True)
class FeatureClicked:
    kind: str
    id: str


@dataclass(frozen=True)
class MapClicked:
    """A point chosen on the map while the planner asked for one (to add or move a post)."""

    mode: str
    lat: float
    lon: float


PICK_MODES = ("add", "move")


@dataclass(frozen=True)
class DetailsWanted:
    """The page asks for the words of a feature it does not carry (a large data set's cases)."""

    kind: str
    id: str


@dataclass(frozen=True)
class PostMoved:
    """A post dragged to a new point while the data tables are open."""

    id: str
    lat: float
    lon: float


def _coordinate(value, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
        raise BridgeError(f"a coordinate must be a number within ±{limit:g}")
    return float(value)


def _counts(value) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
        k in MAP_LAYERS and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in value.items()
    ):
        raise BridgeError("counts must map layer names to non-negative integers")
    return dict(value)


def from_page(text: str) -> Ready | FeatureClicked | MapClicked | PostMoved | DetailsWanted:
    """A message the page sent, checked field by field; BridgeError for anything else."""
    if not isinstance(text, str) or len(text) > MAX_MESSAGE:
        raise BridgeError("message is not a short string")
    try:
        msg = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BridgeError(f"not JSON: {exc}") from exc
    if not isinstance(msg, dict):
        raise BridgeError("message is not an object")
    kind = msg.get("type")
    if kind == "ready" and set(msg) == {"type", "counts"}:
        return Ready(_counts(msg["counts"]))
    if kind in ("clicked", "details") and set(msg) == {"type", "kind", "id"}:
        if msg["kind"] not in CLICKABLE or not isinstance(msg["id"], str) or not 0 < len(msg["id"]) <= 64:
            raise BridgeError(f"{kind} needs a known kind and a short id")
        return (FeatureClicked if kind == "clicked" else DetailsWanted)(msg["kind"], msg["id"])
    if kind == "mapClick" and set(msg) == {"type", "mode", "lat", "lon"}:
        if msg["mode"] not in PICK_MODES:
            raise BridgeError("mapClick needs a known mode")
        return MapClicked(msg["mode"], _coordinate(msg["lat"], 90), _coordinate(msg["lon"], 180))
    if kind == "moved" and set(msg) == {"type", "kind", "id", "lat", "lon"}:
        if msg["kind"] != "posts" or not isinstance(msg["id"], str) or not 0 < len(msg["id"]) <= 64:
            raise BridgeError("moved needs kind posts and a short id")
        return PostMoved(msg["id"], _coordinate(msg["lat"], 90), _coordinate(msg["lon"], 180))
    raise BridgeError(f"unknown or malformed message type {kind!r}")
