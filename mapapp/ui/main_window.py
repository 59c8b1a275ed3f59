"""The main window: map in the centre, filters left, details right, statistics below.

It opens in two steps so that the map shows before the data stack is in memory: the
window with the page this data made last time (start_page), then attach(dataset) with
the panels. Only Qt and light modules load at import; the rest loads inside attach and
the actions that need it (see ui/start_loader.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QStringListModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QDockWidget,
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QScrollArea,
    QToolBar,
)

from ..data.filtering import MAP_LAYERS, Filter
from ..data.issues import DataError, WorkspaceError
from ..data.schema import DEFAULT_DATA, SCENES_FILE, SUFFIXES
from ..map.page_cache import remember_start, start_page
from ..state import AppState
from .exports import EXPORT_SIZES, Export
from .map_view import MapView, page_cache_folder, start_key, write_app_page
from .presenter import Presenter
from .strings import UI

if TYPE_CHECKING:
    from ..briefing.scenes import Scene
    from ..data.load import Dataset


def import_data_stack() -> None:
    """Everything attach() needs beyond Qt: pandas, geopandas, the panels. Safe on a thread."""
    from ..briefing import scenes  # noqa: F401
    from ..data import edits, importers, load, related, workspace  # noqa: F401
    from ..map import geometry  # noqa: F401
    from . import import_dialog, session  # noqa: F401
    from .panels import details_panel, filter_panel, planner_panel, scenes_panel, stats_panel, table_editor  # noqa: F401


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


def _about(scenes_text: str | None) -> str:
    """The 'about' line of a scenes document, kept when the scenes are saved again."""
    try:
        return str(json.loads(scenes_text or "{}").get("about", ""))
    except (ValueError, AttributeError):
        return ""


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
                 remember: bool = True, source: Path | None = None):
        """With ds: the whole window at once. Without: the map for `source` as it was last time, if
        its bytes are unchanged, and attach(its dataset) to follow."""
        super().__init__()
        self.ds: Dataset | None = None
        self.settings = QSettings() if remember else None
        saved = filter_from_settings(self.settings.value("filter")) if self.settings else None
        self.state = AppState(
            filter=initial or saved or Filter(),
            lang=lang or (self.settings.value("language", "zh") if self.settings else "zh"),
            theme=self.settings.value("theme", "standard") if self.settings else "standard",
        )
        self.counts: dict[str, int] = {}
        self.export: Export | None = None
        self.page_path: Path | None = None

        self.map = MapView(self)
        self.setCentralWidget(self.map)
        self.status = QLabel(UI[self.lang]["loading"])
        self.statusBar().addWidget(self.status, 1)
        self.setWindowTitle(UI[self.lang]["window_title"])
        self.resize(1600, 960)
        if self.settings and self.settings.value("geometry"):
            self.restoreGeometry(QByteArray(self.settings.value("geometry")))
        self.start_key = start_key(source, self.filter, self.lang) if source is not None else None
        page = start_page(page_cache_folder(), self.start_key) if self.start_key else None
        self.presenter = Presenter(self)
        self.map.ready.connect(self._on_ready)
        if page is not None:
            self.page_path = page
            self.map.load_page(page)
        if ds is not None:
            self.attach(ds)

    def attach(self, ds: Dataset) -> None:
        """The data and everything built on it: panels, menus, the page for this data if the one shown is not."""
        from .panels.details_panel import DetailsPanel
        from .panels.filter_panel import FilterPanel
        from .panels.planner_panel import PlannerPanel
        from .panels.scenes_panel import ScenesPanel
        from .panels.stats_panel import StatsPanel
        from .panels.table_editor import TableEditor
        from .session import Session

        self.ds = ds
        scenes, scenes_error = self._read_scenes(ds)
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
        self.planner = PlannerPanel(ds)
        self.session = Session(ds, self)
        self.tables = TableEditor(self.session)
        self.docks = {
            "filters": self._dock("filters", self.filters, Qt.DockWidgetArea.LeftDockWidgetArea),
            "details": self._dock("details", self.details, Qt.DockWidgetArea.RightDockWidgetArea),
            "scenes": self._dock("scenes", self.scene_panel, Qt.DockWidgetArea.RightDockWidgetArea),
            "stats": self._dock("stats", self.stats, Qt.DockWidgetArea.BottomDockWidgetArea),
            "planner": self._dock("planner", _scrolling(self.planner), Qt.DockWidgetArea.BottomDockWidgetArea),
            "tables": self._dock("tables", self.tables, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.tabifyDockWidget(self.docks["details"], self.docks["scenes"])
        self.tabifyDockWidget(self.docks["stats"], self.docks["planner"])
        self.tabifyDockWidget(self.docks["planner"], self.docks["tables"])
        self.docks["details"].raise_()
        self.docks["stats"].raise_()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(320)
        self._index_search()
        self.search.returnPressed.connect(lambda: self.go_to(self.search.text()))
        self._actions()

        self.filters.set_value(self.filter)
        self.stats.set_filter(self.filter)
        self.filters.changed.connect(self.set_filter)
        self.map.clicked.connect(self.details.show_item)
        self.map.clicked.connect(lambda kind, key: setattr(self.state, "selection", (kind, key)))
        self.map.load_failed.connect(lambda msg: self.statusBar().showMessage(msg))
        self.scene_panel.show_requested.connect(lambda i: self.show_scene(i, animate=True))
        self.scene_panel.capture_requested.connect(self.capture_scene)
        self.scene_panel.save_requested.connect(self.save_scenes)
        self.scene_panel.modified_changed.connect(lambda _m: self._update_title())
        self.planner.overlay_changed.connect(self._show_plan)
        self.planner.pick_changed.connect(lambda mode: setattr(self.state, "pick", mode))
        self.planner.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.planner.export_png_requested.connect(self.export_png)
        self.docks["planner"].visibilityChanged.connect(self._planner_shown)
        self.map.map_clicked.connect(self.planner.map_clicked)
        self.session.dataset_changed.connect(self.set_dataset)
        self.session.dirty_changed.connect(lambda _d: self._update_title())
        self.session.undo.canUndoChanged.connect(lambda on: self.act["undo"].setEnabled(on))
        self.session.undo.canRedoChanged.connect(lambda on: self.act["redo"].setEnabled(on))
        self.tables.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.map.post_moved.connect(self.move_post)
        self.docks["tables"].visibilityChanged.connect(lambda on: setattr(self.state, "editing", on))
        self._bind_page()
        self.setAcceptDrops(True)
        self.map.setAcceptDrops(False)  # a file dropped on the map is an import, not a page to open
        self.retranslate()
        if scenes_error:
            self.statusBar().showMessage(UI[self.lang]["scenes_error"].format(scenes_error), 15000)
        self.resizeDocks([self.docks["filters"], self.docks["details"]], [250, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["stats"]], [330], Qt.Orientation.Vertical)
        if self.settings and self.settings.value("state"):
            self.restoreState(QByteArray(self.settings.value("state")))
        if self.map.is_ready:  # the start page drew before attach: what _on_ready would have done
            self._on_ready(self.counts)
        self.loaded.emit()

    # ---------- building ----------

    def _dock(self, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, key: str, slot, shortcut=None) -> QAction:
        action = QAction(self)
        action.setObjectName(key)
        action.triggered.connect(slot)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)
        return action

    def _actions(self) -> None:
        self.act = {
            "new_workspace": self._action("new_workspace", self.new_workspace, QKeySequence.StandardKey.New),
            "open_workspace": self._action("open_workspace", self.open_workspace, QKeySequence.StandardKey.Open),
            "save_workspace": self._action("save_workspace", self.save, QKeySequence.StandardKey.Save),
            "save_workspace_as": self._action("save_workspace_as", self.save_as, "Ctrl+Shift+S"),
            "import_file": self._action("import_file", self.import_file, "Ctrl+I"),
            "export_layer": self._action("export_layer", self.export_layer),
            "undo": self._action("undo", lambda: self.session.undo.undo(), QKeySequence.StandardKey.Undo),
            "redo": self._action("redo", lambda: self.session.undo.redo(), QKeySequence.StandardKey.Redo),
            "data_tables": self._action("data_tables", lambda: self.show_dock("tables"), "Ctrl+T"),
            "export_html": self._action("export_html", self.export_html, "Ctrl+E"),
            "quit": self._action("quit", self.close, QKeySequence.StandardKey.Quit),
            "reset_filter": self._action("reset_filter", self.reset_filter, "Ctrl+R"),
            "fit": self._action("fit", lambda: self.map.send("fit"), "Ctrl+0"),
            "toggle_language": self._action("toggle_language", self.toggle_language, "Ctrl+L"),
            "about": self._action("about", self.about, "F1"),
            "search": self._action("search_focus", lambda: self.search.setFocus(), QKeySequence.StandardKey.Find),
            "present": self._action("present", lambda: self.presenter.start(0), "F5"),
            "present_here": self._action("present_here", self.present_here, "Shift+F5"),
            "present_keys": self._action("present_keys", self.present_keys),
            "projector_theme": self._action("projector_theme", self.toggle_theme, "Ctrl+Shift+T"),
            "export_png": self._action("export_png", self.export_png, "Ctrl+Shift+E"),
            "export_pdf": self._action("export_pdf", lambda: self.export_scenes("pdf")),
            "export_pptx": self._action("export_pptx", lambda: self.export_scenes("pptx")),
        }
        self.act["undo"].setEnabled(False)
        self.act["redo"].setEnabled(False)
        self.act["projector_theme"].setCheckable(True)
        self.act["projector_theme"].setChecked(self.theme == "projector")
        self.lang_group = QActionGroup(self)
        self.lang_actions = {}
        for code, label in (("zh", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.lang_group.addAction(action)
            self.lang_actions[code] = action
        bar = self.menuBar()
        self.menus = {k: bar.addMenu("") for k in ("menu_file", "menu_edit", "menu_view", "menu_present", "menu_language", "menu_help")}
        file_menu = self.menus["menu_file"]
        file_menu.addActions([self.act[k] for k in ("new_workspace", "open_workspace")])
        self.menus["menu_recent"] = file_menu.addMenu("")
        file_menu.addActions([self.act[k] for k in ("save_workspace", "save_workspace_as")])
        file_menu.addSeparator()
        file_menu.addActions([self.act[k] for k in ("import_file", "export_layer")])
        file_menu.addSeparator()
        file_menu.addActions([self.act[k] for k in ("export_html", "export_png", "export_pdf", "export_pptx")])
        self.menus["menu_edit"].addActions([self.act["undo"], self.act["redo"]])
        self.menus["menu_edit"].addSeparator()
        self.menus["menu_edit"].addAction(self.act["data_tables"])
        self._fill_recent()
        self.menus["menu_file"].addSeparator()
        self.menus["menu_file"].addAction(self.act["quit"])
        self.menus["menu_view"].addActions([self.act["reset_filter"], self.act["fit"], self.act["search"]])
        self.menus["menu_view"].addSeparator()
        self.menus["menu_view"].addActions([d.toggleViewAction() for d in self.docks.values()])
        self.menus["menu_present"].addActions([self.act[k] for k in ("present", "present_here", "projector_theme", "present_keys")])
        self.menus["menu_language"].addActions(list(self.lang_actions.values()))
        self.menus["menu_language"].addSeparator()
        self.menus["menu_language"].addAction(self.act["toggle_language"])
        self.menus["menu_help"].addAction(self.act["about"])
        tools = self.addToolBar("main")
        tools.setObjectName("toolbar-main")
        tools.addWidget(self.search)
        tools.addActions([self.act[k] for k in ("reset_filter", "fit", "present", "export_png", "export_html", "toggle_language")])

    def retranslate(self) -> None:
        ui = UI[self.lang]
        self._update_title()
        for key, menu in self.menus.items():
            menu.setTitle(ui[key])
        for key, action in self.act.items():
            if key == "search":
                action.setText(ui["search"])
                continue
            action.setText(ui[key])
            action.setToolTip(ui.get(f"{key}_tip", ui[key]))
        for name, dock in self.docks.items():
            dock.setWindowTitle(ui[f"dock_{name}"])
        self.tables.retranslate(self.lang)
        self.search.setPlaceholderText(ui["search"])
        self.search.setToolTip(ui["search_tip"])
        self.lang_actions[self.lang].setChecked(True)
        self.filters.retranslate(self.lang)
        self.details.set_language(self.lang)
        self.stats.set_language(self.lang)
        self.scene_panel.set_language(self.lang)
        self.planner.retranslate(self.lang)
        self._show_counts()

    def _update_title(self) -> None:
        """The workspace's name, and a mark for unsaved data or scene edits, as editors do."""
        where = self.session.path.name if self.session.path else self.ds.source.name
        unsaved = self.session.dirty or self.scene_panel.modified
        self.setWindowTitle(f"{UI[self.lang]['window_title']} — {where}" + (" *" if unsaved else ""))

    # ---------- page ----------

    def _load_page(self, view: dict | None = None) -> None:
        self.status.setText(UI[self.lang]["loading"])
        self.page_path = write_app_page(self.ds, self.filter, self.lang, view)
        self.map.load_page(self.page_path)

    def _reload_page(self) -> None:
        """The page rebuilt from the current data, at the view it shows now."""
        if self.map.is_ready:
            self.current_view(lambda view: self._load_page({"bounds": view["bounds"]}))
        else:
            self._load_page()

    def _bind_page(self) -> None:
        """The page follows the state: each change is sent as it happens, and all of it on every load."""
        events, send = self.state.events, self.map.send
        events.theme.connect(lambda theme: send("theme", theme=theme))
        events.editing.connect(lambda on: send("editing", on=on))
        events.pick.connect(lambda mode: send("pick", mode=mode))
        events.plan_overlay.connect(lambda overlay: send("endPlan") if overlay is None else send("plan", plan=overlay))
        events.theme.connect(lambda theme: self.act["projector_theme"].setChecked(theme == "projector"))

    def _on_ready(self, counts: dict) -> None:
        self.counts = counts
        if self.ds is None:  # the start page, before attach(): the rest follows there
            return
        self._show_counts()
        scene = None if self.state.scene is None else self._scene_command(self.state.scene, animate=False)
        for name, fields in self.state.page_commands(scene):
            self.map.send(name, self._scene_shown if name == "scene" else None, **fields)

    def _show_counts(self) -> None:
        if self.counts:
            self.status.setText(UI[self.lang]["status"].format(**self.counts))

    # ---------- actions ----------

    def set_filter(self, f: Filter) -> None:
        self.filter = f
        self.stats.set_filter(f)
        self.map.send("filter", self._counts_arrived, filter=f.to_json())

    def _counts_arrived(self, result) -> None:
        if isinstance(result, str) and result.startswith("{"):
            self.counts = json.loads(result)
            self._show_counts()

    def reset_filter(self) -> None:
        self.filters.set_value(Filter())
        self.set_filter(Filter())

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()
        self.map.send("language", lang=lang)
        if self.current_scene is not None:
            self.show_scene(self.current_scene, animate=False)

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "zh" else "zh")

    def go_to(self, text: str) -> bool:
        from ..map.geometry import display_lon

        target = self._search_targets.get(text.strip().casefold())
        if target is None:
            self.statusBar().showMessage(UI[self.lang]["not_found"].format(text), 4000)
            return False
        kind, key = target
        if kind == "country":
            self.details.show_item("country", key)
            self.map.send("select", kind="country", id=key)
            self.state.selection = ("country", key)
        else:
            place = self.ds.places[self.ds.places["id"] == key].iloc[0]
            self.map.send("flyTo", lat=float(place["lat"]), lon=display_lon(float(place["lon"])), zoom=6)
            self.details.show_item("country", place["country"])
        return True

    def export_html(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, UI[self.lang]["export_html"], "map.html", "HTML (*.html)")
        if path:
            self.current_view(lambda view: self._write_html(path, view))

    def _write_html(self, path: str, view: dict) -> None:
        """What is on screen now: the filter and the view (bounds) open as they are."""
        from ..map.build import render_page, write_page  # folium only when exporting

        write_page(path, render_page(self.ds, self.filter, self.lang, view={"bounds": view["bounds"]}))
        self.statusBar().showMessage(UI[self.lang]["exported"].format(path), 5000)

    # ---------- data: workspace, import, edits ----------

    def _index_search(self) -> None:
        from ..data.related import search_index

        index = search_index(self.ds)
        self._search_targets = {text.casefold(): (kind, key) for text, kind, key in index}
        completer = QCompleter(QStringListModel(sorted({text for text, _, _ in index})), self.search)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.go_to)
        self.search.setCompleter(completer)

    def set_dataset(self, ds: Dataset) -> None:
        """New data (an import, an edit, undo, another workspace): every view follows, the map keeps its view."""
        from .panels.filter_panel import FilterPanel

        self.ds = ds
        self.details.ds = ds
        self.details.clear_details()
        self.stats.ds = ds
        self.stats.refresh()
        self.planner.set_dataset(ds)
        old = self.filters
        self.filters = FilterPanel(ds)
        self.filters.retranslate(self.lang)
        self.filters.set_value(self.filter)
        self.filters.changed.connect(self.set_filter)
        self.docks["filters"].setWidget(self.filters)
        old.deleteLater()
        self._index_search()
        self._update_title()
        self._reload_page()

    def move_post(self, post_id: str, lat: float, lon: float) -> None:
        """A post dragged on the map: undoable like any edit; refused ones snap back."""
        from ..data.edits import move_post

        frames, issue = move_post(self.ds.tables, post_id, lat, lon, self.ds.country_at(lat, lon), "moved in mapapp")
        errors = [issue] if issue else self.session.change_tables(frames, f"posts {post_id} moved")
        if errors:
            self.statusBar().showMessage(str(errors[0]), 10000)
            self._reload_page()  # the dragged marker snaps back

    def show_dock(self, name: str) -> None:
        self.docks[name].show()
        self.docks[name].raise_()

    def _settings_list(self, key: str) -> list[str]:
        value = self.settings.value(key) if self.settings else None
        return [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])

    def _fill_recent(self) -> None:
        menu = self.menus["menu_recent"]
        menu.clear()
        for path in self._settings_list("recent"):
            menu.addAction(path, lambda p=path: self.open_path(Path(p)))
        menu.setEnabled(bool(menu.actions()))

    def _remember(self, path: Path) -> None:
        if self.settings is None:
            return
        recent = [str(path)] + [p for p in self._settings_list("recent") if p != str(path)]
        self.settings.setValue("recent", recent[:8])
        self._fill_recent()

    def maybe_save(self) -> bool:
        """Before leaving unsaved work: save, discard or stay. True when it is fine to go on."""
        if not (self.session.dirty or self.scene_panel.modified):
            return True
        ui = UI[self.lang]
        answer = QMessageBox.question(
            self, ui["save_workspace"], ui["unsaved_workspace"],
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_workspace(self) -> None:
        ui = UI[self.lang]
        path, _ = QFileDialog.getSaveFileName(self, ui["new_workspace"], "workspace.gpkg", "GeoPackage (*.gpkg)")
        if path and self.maybe_save():
            from ..data.load import load_dataset, save_workspace

            try:
                save_workspace(load_dataset(DEFAULT_DATA), path)
            except WorkspaceError as exc:
                QMessageBox.warning(self, ui["new_workspace"], ui["save_failed"].format(exc))
                return
            self.open_path(Path(path), ask=False)

    def open_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, UI[self.lang]["open_workspace"], "", "GeoPackage (*.gpkg)")
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a workspace, offering to recover an autosave newer than it."""
        from ..data.load import load_dataset

        if ask and not self.maybe_save():
            return False
        try:
            ds = load_dataset(path)
        except (DataError, OSError) as exc:
            QMessageBox.warning(self, UI[self.lang]["open_workspace"], UI[self.lang]["open_failed"].format(exc))
            return False
        self.session.reset(ds)
        scenes, _error = self._read_scenes(ds)
        self.scene_panel.set_scenes(scenes)
        self.set_dataset(ds)
        self.recover_autosave()
        self._remember(path)
        return True

    def recover_autosave(self) -> None:
        """An autosave newer than the workspace is offered back, as one undoable change."""
        from .session import autosave_path, recoverable

        if self.session.path is None:
            return
        recovered = recoverable(self.session.path)
        if recovered is not None and self.offer_recovery(autosave_path(self.session.path)):
            self.session.apply(recovered, UI[self.lang]["recover_title"])

    def offer_recovery(self, auto: Path) -> bool:
        ui = UI[self.lang]
        return QMessageBox.question(self, ui["recover_title"], ui["recover_text"].format(auto)) == QMessageBox.StandardButton.Yes

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, UI[self.lang]["save_workspace_as"], "workspace.gpkg", "GeoPackage (*.gpkg)")
        return bool(path) and self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        """Save; when rows changed underneath, ask whose rows win (or leave everything as it is)."""
        from ..briefing.scenes import scenes_document
        from ..data.workspace_changes import SaveConflict
        from .save_conflict import ask_resolution

        ui = UI[self.lang]
        scenes_text, resolve = scenes_document(self.scenes, _about(self.ds.scenes_text)), None
        while True:
            try:
                report = self.session.save(path, scenes_text=scenes_text, resolve=resolve)
                break
            except SaveConflict as exc:
                resolve = ask_resolution(self, exc, self.lang)
                if resolve is None:
                    return False
            except (WorkspaceError, OSError) as exc:
                QMessageBox.warning(self, ui["save_workspace"], ui["save_failed"].format(exc))
                return False
        self.scene_panel.mark_saved()
        self._remember(path)
        self._update_title()
        done = "saved_with_others" if report.others or report.kept_theirs else "workspace_saved"
        self.statusBar().showMessage(ui[done].format(path), 8000)
        return True

    def import_file(self) -> None:
        ui = UI[self.lang]
        kinds = " ".join(f"*{s}" for s in SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, ui["import_file"], "", f"{ui['import_file']} ({kinds})")
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> bool:
        """Read and check the file, show what would change, and apply it (undoably) only if confirmed."""
        from ..data.importers import import_file
        from .import_dialog import ImportDialog

        ui = UI[self.lang]
        dialog = QProgressDialog(ui["importing"], ui["cancel"], 0, 100, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)

        def progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)

        try:
            preview = import_file(self.ds, path, progress=progress)
        except Exception as exc:  # noqa: BLE001 (a file nobody foresaw: a message, never a traceback)
            dialog.reset()
            QMessageBox.warning(self, ui["import_file"], ui["import_error"].format(path.name, exc))
            return False
        dialog.reset()
        if ImportDialog(preview, self.lang, self).exec() != ImportDialog.DialogCode.Accepted or not preview.ok:
            return False
        self.session.apply(preview.dataset, f"{ui['import_file']} {path.name}")
        self.statusBar().showMessage(ui["imported"].format(path.name), 8000)
        return True

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt API)
        path = self._dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_path(path))  # not inside the drop: the dialog is modal

    @staticmethod
    def _dropped_file(event) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if isinstance(u, QUrl) and u.isLocalFile()]
        return paths[0] if len(paths) == 1 and paths[0].suffix.lower() in SUFFIXES else None

    def export_layer(self) -> None:
        from ..data.exporting import export_layer
        from .panels.table_editor import EDITABLE

        ui = UI[self.lang]
        name, ok = QInputDialog.getItem(self, ui["export_layer"], ui["export_layer_pick"], list(EDITABLE), 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self, ui["export_layer"], f"{name}.csv",
                                              "CSV (*.csv);;GeoJSON (*.geojson);;GeoPackage (*.gpkg)")
        if path:
            try:
                export_layer(self.ds.tables, name, path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self, ui["export_layer"], ui["export_failed"].format(exc))
                return
            self.statusBar().showMessage(ui["exported"].format(path), 5000)

    # ---------- planner ----------

    def _planner_shown(self, visible: bool) -> None:
        """The gap map is on the map while the planner is open; closing it clears the map and any pick."""
        if visible:
            self.planner.refresh()  # computes the plan: its gap map goes on the map
        else:
            self.planner.set_pick(None)
            self.state.plan_overlay = None

    def _show_plan(self, overlay: dict) -> None:
        if self.docks["planner"].isVisible():
            self.state.plan_overlay = overlay

    def show_planner(self) -> None:
        self.docks["planner"].show()
        self.docks["planner"].raise_()

    def toolbars(self) -> list[QToolBar]:
        return self.findChildren(QToolBar)

    # ---------- scenes ----------

    @staticmethod
    def _read_scenes(ds: Dataset) -> tuple[list[Scene], str | None]:
        from ..briefing.scenes import dataset_scenes

        try:
            return dataset_scenes(ds), None
        except DataError as exc:
            return [], str(exc)

    @property
    def scenes(self) -> list[Scene]:
        return self.scene_panel.scenes

    def show_scene(self, index: int, animate: bool = True) -> None:
        """Put the scene on the map: its filter (in the panel too), view, highlights and caption."""
        scene = self.scenes[index]
        self.current_scene = index
        self.filter = scene.filter
        self.filters.set_value(scene.filter)
        self.stats.set_filter(scene.filter)
        self.scene_panel.select(index)
        self.map.send("scene", self._scene_shown, scene=self._scene_command(index, animate))

    def _scene_command(self, index: int, animate: bool) -> dict:
        return self.scenes[index].page_command(self.lang, index + 1, len(self.scenes), animate)

    def _scene_shown(self, result) -> None:
        if isinstance(result, str) and result.startswith("{"):
            self.counts = json.loads(result)["counts"]
            self._show_counts()

    def end_scene(self) -> None:
        self.current_scene = None
        self.map.send("endScene")

    def present_here(self) -> None:
        self.presenter.start(max(self.scene_panel.current(), 0))

    def present_keys(self) -> None:
        QMessageBox.information(self, UI[self.lang]["present_keys"], UI[self.lang]["present_keys_text"])

    def toggle_theme(self) -> None:
        self.state.theme = "standard" if self.theme == "projector" else "projector"  # page and menu follow

    def current_view(self, on_view) -> None:
        """Ask the page for its bounds; call on_view(dict) with bounds, center, zoom."""
        self.map.send("view", lambda result: on_view(json.loads(result)) if isinstance(result, str) and result else None)

    def capture_scene(self) -> None:
        from ..briefing.scenes import Scene, new_scene_id

        def add(view: dict) -> None:
            n = len(self.scenes) + 1
            scene = Scene(
                id=new_scene_id(self.scenes),
                title_zh=UI["zh"]["new_scene"].format(n),
                title_en=UI["en"]["new_scene"].format(n),
                bounds=(tuple(view["bounds"][0]), tuple(view["bounds"][1])),
                filter=self.filter,
                source="mapapp: " + ("擷取畫面" if self.lang == "zh" else "captured view"),
            )
            self.scene_panel.add(scene)

        self.current_view(add)

    def save_scenes(self) -> bool:
        """Into the workspace with everything else, or into scenes.json beside a data folder."""
        from ..briefing.scenes import save_scenes
        from ..data.workspace import is_workspace

        if is_workspace(self.ds.source):
            return self._save_to(self.session.path or self.ds.source)
        try:
            path = save_scenes(self.ds.source / SCENES_FILE, self.scenes)
        except OSError as exc:
            QMessageBox.warning(self, UI[self.lang]["scene_save"], str(exc))
            return False
        self.scene_panel.mark_saved()
        self.statusBar().showMessage(UI[self.lang]["scenes_saved"].format(path), 5000)
        return True

    # ---------- exports ----------

    def export_png(self) -> None:
        ui = UI[self.lang]
        sizes = [ui["export_size_current"]] + [f"{w} × {h}" for w, h in EXPORT_SIZES]
        choice, ok = QInputDialog.getItem(self, ui["export_png"], ui["export_size"], sizes, 1, False)
        if not ok:
            return
        size = (self.map.width(), self.map.height()) if choice == sizes[0] else EXPORT_SIZES[sizes.index(choice) - 1]
        path, _ = QFileDialog.getSaveFileName(self, ui["export_png"], "map.png", "PNG (*.png)")
        if path:
            self.current_view(lambda view: self._run_export("png", Path(path), [self._view_job(view)], size))

    def _view_job(self, view: dict) -> dict:
        """The screen as it is now, as a scene without caption (or with the shown scene's)."""
        plan = {"plan": self.planner.overlay()} if self.docks["planner"].isVisible() else {}
        if self.current_scene is not None:
            scene = self.scenes[self.current_scene]
            job = scene.page_command(self.lang, self.current_scene + 1, len(self.scenes), animate=False)
            return {**job, "filter": self.filter.to_json(), "bounds": view["bounds"], **plan}
        return {"id": "view", "title": "", "caption": "", "counter": "", "filter": self.filter.to_json(),
                "bounds": view["bounds"], "highlight": [], "panel": None, **plan}

    def export_scenes(self, fmt: str) -> None:
        from ..briefing.scenes import scene_jobs

        ui = UI[self.lang]
        key = f"export_{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, ui[key], f"briefing.{fmt}", f"{fmt.upper()} (*.{fmt})")
        if path:
            self._run_export(fmt, Path(path), scene_jobs(self.scenes, self.lang), EXPORT_SIZES[0])

    def _run_export(self, fmt: str, path: Path, jobs: list[dict], size: tuple[int, int]) -> None:
        ui = UI[self.lang]
        dialog = QProgressDialog(ui["exporting"], ui["cancel"], 0, len(jobs), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        self.export = Export(self.ds, self.scenes, jobs, fmt, path, self.lang, size, self.theme, self)
        self.export.renderer.progress.connect(lambda done, _n: dialog.setValue(done))
        dialog.canceled.connect(self.export.cancel)

        def finished(error: str | None) -> None:
            dialog.reset()
            if error:
                self.statusBar().showMessage(ui["export_failed"].format(error), 10000)
            else:
                self.statusBar().showMessage(ui["exported"].format(path), 10000)

        self.export.done.connect(finished)
        self.export.start()

    def about(self) -> None:
        QMessageBox.information(self, UI[self.lang]["about"], UI[self.lang]["about_text"])

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.ds is None:  # closed while opening: nothing to save, and no panels to remember
            super().closeEvent(event)
            return
        if self.settings is not None and not self.maybe_save():
            event.ignore()
            return
        self.session.discard_autosave()  # saved or deliberately discarded
        self.presenter.stop()
        if self.settings:
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("state", self.saveState())
            self.settings.setValue("filter", filter_to_settings(self.filter))
            self.settings.setValue("language", self.lang)
            self.settings.setValue("theme", self.theme)
        super().closeEvent(event)

    def grab_when_drawn(self, out: Path, on_done, settle_ms: int = 600) -> None:
        """Save the whole window once the page has drawn at its size (plus a moment for the last paint)."""

        def shoot(_counts=None):
            self.map.when_laid_out(lambda: QTimer.singleShot(settle_ms, lambda: on_done(self.grab().save(str(out)))))

        if self.map.is_ready:
            shoot()
        else:
            self.map.ready.connect(shoot)
