"""The main window: map in the centre, filters left, details right, statistics below.

It opens in two steps so that the map shows before the data stack is in memory: the
window with the page this data made last time (start_page), then attach(dataset) with
the state, panels and menus. Only Qt, the map view and light modules load at import: what
a start imports before the page loads delays the map as much (measured, bench/RESULTS.md).
The rest, the page's commands included, loads inside attach and the methods that need it
(imported beforehand on a thread, see ui/start_loader.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QToolBar,
)

from ..data.database import is_database, source_name
from ..data.filtering import Filter
from ..map.page_cache import remember_start, start_page
from ..strings import STRINGS
from . import dock_layout, remembered
from .map_view import MapView, page_cache_folder, start_key, write_app_page

if TYPE_CHECKING:
    from ..briefing.scenes import Scene
    from ..data.load import Dataset
    from ..to_page import SceneShown


def _scrolling(widget) -> QScrollArea:
    """A tall panel that still lets the window shrink to 1280x720: it scrolls instead."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class MainWindow(QMainWindow):
    loaded = Signal()  # attach() is done: the data is in and every panel is built

    # What the window shows lives in self.state (mapapp/state.py); these read and write it there.
    lang = property(lambda self: self.state.lang, lambda self, v: setattr(self.state, "lang", v))
    filter = property(lambda self: self.state.filter, lambda self, v: setattr(self.state, "filter", v))
    theme = property(lambda self: self.state.theme, lambda self, v: setattr(self.state, "theme", v))
    current_scene = property(lambda self: self.state.scene, lambda self, v: setattr(self.state, "scene", v))

    def __init__(self, ds: Dataset | None = None, lang: str | None = None, initial: Filter | None = None,
                 remember: bool = True, source: Path | None = None, theme: str | None = None):
        """With ds: the whole window at once. Without: the map for `source` as it was last time, if
        its bytes are unchanged, and attach(its dataset) to follow."""
        super().__init__()
        self.ds: Dataset | None = None
        self.settings = QSettings() if remember else None
        self.opening = remembered.opening(self.settings, lang, initial, theme)  # self.state from attach on
        self.counts: dict[str, int] = {}
        self.page_path: Path | None = None
        self._scene_carries_filter = False

        self.map = MapView(self)
        self.setCentralWidget(self.map)
        self.status = QLabel(STRINGS[self.opening.lang]["loading"])
        self.statusBar().addWidget(self.status, 1)
        self.setWindowTitle(STRINGS[self.opening.lang]["window_title"])
        self.resize(1600, 960)
        if self.settings and self.settings.value("geometry"):
            self.restoreGeometry(QByteArray(self.settings.value("geometry")))
        # A start page is kept per source's bytes: a shared workspace has none to hash.
        self.start_key = (start_key(source, self.opening.filter, self.opening.lang)
                          if source is not None and not is_database(source) else None)
        page = start_page(page_cache_folder(), self.start_key) if self.start_key else None
        self.map.ready.connect(self._on_ready)
        if page is not None:
            self.page_path = page
            self.map.load_page(page)
        if ds is not None:
            self.attach(ds)

    def attach(self, ds: Dataset) -> None:
        """The data and everything built on it: state, panels, menus, the page for this data if the one shown is not."""
        from ..state import AppState
        from ..to_page import ShowDetails
        from . import actions
        from .binding import follow
        from .controllers.exports import ExportsController
        from .controllers.planner import PlannerController
        from .controllers.scene_editing import SceneEditing, read_scenes
        from .controllers.search import SearchController
        from .controllers.workspace import WorkspaceController
        from .panels.details_panel import DetailsPanel
        from .panels.filter_panel import FilterPanel
        from .panels.planner_panel import PlannerPanel
        from .panels.scenes_panel import ScenesPanel
        from .panels.stats_panel import StatsPanel
        from .panels.table_editor import TableEditor
        from .presenter import Presenter
        from .session import Session

        self.state = AppState(**self.opening._asdict())
        self.presenter = Presenter(self)
        self.ds = ds
        scenes, scenes_error = read_scenes(ds)
        page = write_app_page(ds, self.filter, self.lang)
        if page != self.page_path:  # first start, or the data changed since the start page was made
            self.page_path = page
            self.map.load_page(page)  # first: Chromium loads the page in its own process while the panels are built
        if self.start_key:
            remember_start(page_cache_folder(), self.start_key, page)
        self.filters = FilterPanel(ds)
        self.details = DetailsPanel(ds)
        self.stats = StatsPanel(ds)
        self.scene_panel = ScenesPanel(scenes)
        self.planner = PlannerPanel(ds, self.state)
        self.session = Session(ds, self)
        self.tables = TableEditor(self.session)
        self.docks = {
            "filters": self._dock("filters", self.filters),
            "details": self._dock("details", self.details),
            "scenes": self._dock("scenes", self.scene_panel),
            "stats": self._dock("stats", self.stats),
            "planner": self._dock("planner", _scrolling(self.planner)),
            "tables": self._dock("tables", self.tables),
        }
        dock_layout.arrange(self)
        self.finder = SearchController(self)
        self.search = self.finder.box
        self.finder.index()
        self.scene_editing = SceneEditing(self)
        self.workspace = WorkspaceController(self)
        self.workspace.follow_source()
        self.exporter = ExportsController(self)
        actions.build(self)
        self.workspace.fill_recent()

        self.filters.bind(self.state)
        self.stats.set_filter(self.filter)
        follow(self.state.events.filter, self._filter_changed, self)
        follow(self.state.events.lang, self._language_changed, self)
        follow(self.state.events.scene, self._scene_changed, self)
        self.details.bind(self.state)
        follow(self.state.events.selection, lambda selection: dock_layout.show_details(self, selection), self)
        self.map.clicked.connect(lambda kind, key: setattr(self.state, "selection", (kind, key)))
        self.map.details_wanted.connect(
            lambda kind, key: self.map.send(ShowDetails(kind, key, self.lang, self.details.entry(kind, key))))
        self.map.load_failed.connect(lambda msg: self.statusBar().showMessage(msg))
        self.scene_panel.show_requested.connect(self.state.show_scene)
        self.scene_panel.capture_requested.connect(self.scene_editing.capture)
        self.scene_panel.save_requested.connect(self.scene_editing.save)
        self.scene_panel.modified_changed.connect(lambda _m: self.update_title())
        self.planner_control = PlannerController(self)
        self.session.dataset_changed.connect(self.set_dataset)
        self.session.dirty_changed.connect(lambda _d: self.update_title())
        self.session.undo.canUndoChanged.connect(lambda on: self.act["undo"].setEnabled(on))
        self.session.undo.canRedoChanged.connect(lambda on: self.act["redo"].setEnabled(on))
        self.tables.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.map.post_moved.connect(self.move_post)
        self.docks["tables"].visibilityChanged.connect(lambda on: setattr(self.state, "editing", on))
        self.map.follow(self.state)
        self.state.events.theme.connect(lambda theme: self.act["projector_theme"].setChecked(theme == "projector"))
        self.setAcceptDrops(True)
        self.map.setAcceptDrops(False)  # a file dropped on the map is an import, not a page to open
        self.retranslate()
        if scenes_error:
            self.statusBar().showMessage(STRINGS[self.lang]["scenes_error"].format(scenes_error), 15000)
        if self.settings and self.settings.value("state"):
            self.restoreState(QByteArray(self.settings.value("state")))
        if self.map.is_ready:  # the start page drew before attach: what _on_ready would have done
            self._on_ready(self.counts)
        self.loaded.emit()

    # ---------- building ----------

    def _dock(self, name: str, widget) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(dock_layout.first_area(name), dock)
        return dock

    def retranslate(self) -> None:
        from . import actions, qt_language

        qt_language.use_language(self.lang)
        ui = STRINGS[self.lang]
        self.update_title()
        actions.retranslate(self)
        for name, dock in self.docks.items():
            dock.setWindowTitle(ui[f"dock_{name}"])
        self.tables.retranslate(self.lang)
        self.finder.retranslate(self.lang)
        self.filters.retranslate(self.lang)
        self.details.set_language(self.lang)
        self.stats.set_language(self.lang)
        self.scene_panel.set_language(self.lang)
        self.planner.retranslate(self.lang)
        self._show_counts()

    def update_title(self) -> None:
        """The workspace's name, and a mark for unsaved data or scene edits, as editors do."""
        where = source_name(self.session.path or self.ds.source)
        unsaved = self.session.dirty or self.scene_panel.modified
        self.setWindowTitle(f"{STRINGS[self.lang]['window_title']} — {where}" + (" *" if unsaved else ""))

    # ---------- page ----------

    def _load_page(self, view: dict | None = None) -> None:
        self.status.setText(STRINGS[self.lang]["loading"])
        self.page_path = write_app_page(self.ds, self.filter, self.lang, view)
        self.map.load_page(self.page_path)

    def _reload_page(self) -> None:
        """The page rebuilt from the current data, at the view it shows now."""
        if self.map.is_ready:
            self.current_view(lambda view: self._load_page({"bounds": view.bounds}))
        else:
            self._load_page()

    def _on_ready(self, counts: dict) -> None:
        """Every page that loads is sent the whole state (map_view.follow sends each change as it happens)."""
        self.counts = counts
        if self.ds is None:  # the start page, before attach(): the rest follows there
            return
        from ..to_page import ShowScene

        self._show_counts()
        scene = None if self.state.scene is None else self.scene_command(self.state.scene, animate=False)
        for command in self.state.page_commands(scene):
            self.map.send(command, self._scene_shown if isinstance(command, ShowScene) else None)

    def _show_counts(self) -> None:
        if self.counts:
            self.status.setText(STRINGS[self.lang]["status"].format(**self.counts))

    # ---------- actions ----------

    def set_filter(self, f: Filter) -> None:
        self.state.filter = f  # the panel, the statistics and the page follow (_filter_changed)

    def _filter_changed(self, f: Filter) -> None:
        from ..to_page import SetFilter

        self.stats.set_filter(f)
        if not self._scene_carries_filter:
            self.map.send(SetFilter(f.to_json()), self._counts_arrived)

    def _counts_arrived(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._show_counts()

    def reset_filter(self) -> None:
        self.set_filter(Filter())

    def set_language(self, lang: str) -> None:
        self.state.lang = lang  # the window and the page follow (_language_changed)

    def _language_changed(self, lang: str) -> None:
        from ..to_page import SetLanguage

        self.retranslate()
        self.map.send(SetLanguage(lang))
        if self.current_scene is not None:
            self._put_scene(self.current_scene, animate=False)  # its caption in the new language

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "zh" else "zh")

    # ---------- data: workspace, import, edits ----------

    def set_dataset(self, ds: Dataset) -> None:
        """New data (an import, an edit, undo, another workspace): every view follows, the map keeps its view."""
        from .panels.filter_panel import FilterPanel

        self.ds = ds
        self.details.ds = ds
        if not self.details.show_selection(self.state.selection):
            self.state.selection = None
        self.stats.ds = ds
        self.stats.refresh()
        self.planner.set_dataset(ds)
        old = self.filters
        self.filters = FilterPanel(ds)
        self.filters.retranslate(self.lang)
        self.filters.bind(self.state)
        self.docks["filters"].setWidget(self.filters)
        old.deleteLater()
        self.finder.index()
        self.update_title()
        self._reload_page()

    def move_post(self, post_id: str, lat: float, lon: float) -> None:
        """A post dragged on the map: undoable like any edit; refused ones snap back."""
        from ..data.edits import move_post

        frames, issue = move_post(self.ds.tables, post_id, lat, lon, self.ds.country_at(lat, lon), "moved in mapapp")
        errors = [issue] if issue else self.session.change_tables(frames, f"posts {post_id} moved")
        if errors:
            self.statusBar().showMessage(str(errors[0]), 10000)
            self._reload_page()  # the dragged marker snaps back

    def select(self, kind: str, key: str) -> None:
        """Select a feature or country from outside the map (search, command line): panel and page show it."""
        from ..to_page import Select

        self.state.selection = (kind, key)
        self.map.send(Select(kind, key))

    def show_dock(self, name: str) -> None:
        self.docks[name].show()
        self.docks[name].raise_()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.workspace.drag_entered(event)

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.workspace.dropped(event)

    def toolbars(self) -> list[QToolBar]:
        return self.findChildren(QToolBar)

    # ---------- scenes ----------

    @property
    def scenes(self) -> list[Scene]:
        return self.scene_panel.scenes

    def _scene_changed(self, index: int | None, old: int | None) -> None:
        """A scene shown (state.show_scene) or ended: from one scene to the next the map flies, into
        the first it jumps."""
        from ..to_page import EndScene

        if index is None:
            self.map.send(EndScene())
        else:
            self._put_scene(index, animate=old is not None)

    def _put_scene(self, index: int, animate: bool) -> None:
        """Put the scene on the map: its filter (in the panel too), view, highlights and caption."""
        from ..to_page import ShowScene

        self._scene_carries_filter = True  # the page gets the filter with the scene, in one step
        try:
            self.filter = self.scenes[index].filter
        finally:
            self._scene_carries_filter = False
        self.scene_panel.select(index)
        self.map.send(ShowScene(self.scene_command(index, animate)), self._scene_shown)

    def scene_command(self, index: int, animate: bool) -> dict:
        """The page's command for a scene, with the marks kept for it while presenting."""
        scene = self.scenes[index]
        return {**scene.page_command(self.lang, index + 1, len(self.scenes), animate), "marks": self.presenter.kept.get(scene.id, [])}

    def _scene_shown(self, shown: SceneShown) -> None:
        self.counts = shown.counts
        self._show_counts()

    def present_here(self) -> None:
        self.presenter.start(max(self.scene_panel.current(), 0))

    def toggle_theme(self) -> None:
        self.state.theme = "standard" if self.theme == "projector" else "projector"  # page and menu follow

    def current_view(self, on_view) -> None:
        """Ask the page where it is; on_view gets a View (bounds, center, zoom)."""
        from ..to_page import GetView

        self.map.send(GetView(), on_view)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        presenter = getattr(self, "presenter", None)
        if presenter is not None and not presenter.active:  # presenting hides the docks: arranged after it
            dock_layout.follow_height(self)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.ds is None:  # closed while opening: nothing to save, and no panels to remember
            super().closeEvent(event)
            return
        if self.settings is not None and not self.workspace.maybe_save():
            event.ignore()
            return
        self.session.discard_autosave()  # saved or deliberately discarded
        self.workspace.close()
        self.presenter.stop()
        if self.settings:
            remembered.remember(self.settings, self)
        super().closeEvent(event)
