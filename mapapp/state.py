"""What the user is looking at and doing, in one place, with an event for each change.

The window's panels and the map page are views of this state: they change it and follow its
events, instead of pushing values to each other by hand. An event fires only when a value
really changes (psygnal's evented dataclass compares the new value with the old, as napari's
EventedModel does), so a view that writes back what it was sent does not loop. Every time a
page reports ready, the map view is sent the whole state again (`page_commands`), so a reload
after an import, an undo or a language switch keeps the scene, the gap map and an armed map click.
No Qt here: the state is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from psygnal import evented

from .analysis.options import DEFAULT_RADIUS_KM
from .data.filtering import Filter
from .to_page import Command, Select, SetEditing, SetPick, SetTheme, ShowPlan, ShowScene

if TYPE_CHECKING:  # the window imports the state before the data stack (geopandas): see ui/start_loader.py
    from .analysis.need import Weights
    from .analysis.whatif import Plan


ALL_AGENCIES = ("NPA", "MJIB", "CGA", "CUSTOMS")


@dataclass(frozen=True)
class PlanChoice:
    """What the planner solves for: whose posts count today, their reach, the host-country rule,
    how many new posts, and the need weights (project defaults, see analysis/need.py)."""

    agencies: tuple[str, ...] = ALL_AGENCIES
    radius_km: float = DEFAULT_RADIUS_KM
    host_country: bool = True
    k: int = 2
    weights: Weights | None = None  # None: the defaults


@evented
@dataclass
class AppState:
    filter: Filter = field(default_factory=Filter)
    lang: str = "zh"
    theme: str = "standard"  # or "projector": larger type, heavier lines
    scene: int | None = None  # the briefing scene shown (its index), if any
    selection: tuple[str, str] | None = None  # (kind, id) of the feature or country selected
    plan_overlay: dict | None = None  # the planner's gap map while the planner is open
    pick: str | None = None  # the planner's map-click mode: the next click adds ("add") or moves ("move") a post
    editing: bool = False  # posts can be dragged (while the data tables are open)
    plan_choice: PlanChoice = field(default_factory=PlanChoice)
    plan: Plan | None = None  # the planner's what-if plan (added, moved, removed posts); None: today's posts
    kept: tuple[Plan | None, Plan | None] = (None, None)  # plans A and B, kept to compare

    def show_scene(self, index: int) -> None:
        """Show scene `index`, even the one shown: after a question its filter or view may differ."""
        if self.scene == index:
            self.events.scene.emit(index, index)
        else:
            self.scene = index

    def page_commands(self, scene_command: dict | None) -> list[Command]:
        """What a freshly loaded page must be told to show this state, in order: theme and editing
        first (they restyle), then the scene (its view and caption, with the filter as it is now:
        the audience may have asked for one agency) or the selection, then the planner's overlay
        and pick mode on top. The page itself was built with the filter and the language."""
        out: list[Command] = []
        if self.theme != "standard":
            out.append(SetTheme(self.theme))
        if self.editing:
            out.append(SetEditing(True))
        if scene_command is not None:
            out.append(ShowScene({**scene_command, "filter": self.filter.to_json(), "animate": False}))
        elif self.selection is not None:
            out.append(Select(*self.selection, fly=False))
        if self.plan_overlay is not None:
            out.append(ShowPlan(self.plan_overlay))
        if self.pick is not None:
            out.append(SetPick(self.pick))
        return out
