"""Time spent on each scene of a presentation, and the plan a rehearsal leaves.

A rehearsal is a presentation whose times become the plan (PowerPoint's Rehearse Timings): the
presenter view then shows, per scene, the time planned beside the time spent now. Kept in the
user's settings by scene id (a rehearsal is the presenter's, not the briefing's data).
"""

from __future__ import annotations

import json
import time


def clock_text(seconds: float) -> str:
    """0:45, 12:03, 1:02:03."""
    s = int(round(seconds))
    h, m, s = s // 3600, s // 60 % 60, s % 60
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class SceneClock:
    """Which scene is on since when, what each has taken so far, and the plan."""

    def __init__(self, settings=None, now=time.monotonic):
        self.settings, self.now = settings, now
        self.planned: dict[str, float] = self._read_plan()
        self.spent: dict[str, float] = {}
        self.started: float | None = None
        self.current: str | None = None
        self._since = 0.0
        self.rehearsing = False

    def start(self, scene_id: str, rehearse: bool = False) -> None:
        self.spent, self.rehearsing = {}, rehearse
        self.started = self.now()
        self.current, self._since = scene_id, self.started

    def enter(self, scene_id: str) -> None:
        """The presentation moved to a scene: the time since the last move goes to the one before."""
        if self.started is None:
            return
        at = self.now()
        if self.current is not None:
            self.spent[self.current] = self.spent.get(self.current, 0.0) + at - self._since
        self.current, self._since = scene_id, at

    def spent_on(self, scene_id: str) -> float:
        running = self.now() - self._since if scene_id == self.current and self.started is not None else 0.0
        return self.spent.get(scene_id, 0.0) + running

    def elapsed(self) -> float:
        return 0.0 if self.started is None else self.now() - self.started

    def stop(self) -> None:
        """End the presentation; a rehearsal's times become the plan (and are remembered)."""
        if self.started is None:
            return
        self.enter(None)
        if self.rehearsing:
            self.planned = {k: round(v, 1) for k, v in self.spent.items()}
            if self.settings is not None:
                self.settings.setValue("rehearsal", json.dumps(self.planned))
        self.started, self.current, self.rehearsing = None, None, False

    def _read_plan(self) -> dict[str, float]:
        try:
            found = json.loads(self.settings.value("rehearsal") or "{}") if self.settings is not None else {}
            return {str(k): float(v) for k, v in found.items()}
        except (ValueError, TypeError, AttributeError):
            return {}
