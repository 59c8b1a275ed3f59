"""What the window remembers between sessions (QSettings): the filter, language and theme it
showed, and its layout. The recent workspaces are the workspace controller's."""

from __future__ import annotations

import json
from typing import NamedTuple

from PySide6.QtCore import QSettings

from ..data.filtering import MAP_LAYERS, Filter


def filter_to_settings(f: Filter) -> str:
    return json.dumps(f.to_json())


def filter_from_settings(text: str | None) -> Filter | None:
    try:
        d = json.loads(text) if text else None
        if not d:
            return None
        years = None if d["years"] is None else frozenset(int(y) for y in d["years"])
        return Filter(frozenset(d["agencies"]), frozenset(d["drugs"]), years, frozenset(d["layers"]) & frozenset(MAP_LAYERS))
    except (ValueError, KeyError, TypeError):
        return None


class Opening(NamedTuple):
    """What the window opens on, before its state exists: the state (psygnal) loads after the map."""

    filter: Filter
    lang: str
    theme: str


def opening(settings: QSettings | None, lang: str | None, initial: Filter | None, theme: str | None = None) -> Opening:
    """What the command line asked for, else what was shown last time, else the defaults."""
    saved = filter_from_settings(settings.value("filter")) if settings else None
    return Opening(
        filter=initial or saved or Filter(),
        lang=lang or (settings.value("language", "zh") if settings else "zh"),
        theme=theme or (settings.value("theme", "standard") if settings else "standard"),
    )


def remember(settings: QSettings, window) -> None:
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
    settings.setValue("filter", filter_to_settings(window.state.filter))
    settings.setValue("language", window.state.lang)
    settings.setValue("theme", window.state.theme)
