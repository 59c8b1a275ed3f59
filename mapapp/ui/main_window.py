"""The main window: map in the centre, filters left, details right, statistics below."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QCompleter, QDockWidget, QFileDialog, QLabel, QLineEdit, QMainWindow, QMessageBox

from ..data.filtering import MAP_LAYERS, Filter
from ..data.load import Dataset
from ..data.related import search_index
from ..map.assets import bridge_js
from ..map.build import render_page, write_page
from ..map.geometry import display_lon
from .map_view import MapView, qwebchannel_js
from .panels.details_panel import DetailsPanel
from .panels.filter_panel import FilterPanel
from .panels.stats_panel import StatsPanel
from .strings import UI


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


class MainWindow(QMainWindow):
    def __init__(self, ds: Dataset, lang: str | None = None, initial: Filter | None = None, remember: bool = True):
        super().__init__()
        self.ds = ds
        self.settings = QSettings() if remember else None
        self.lang = lang or (self.settings.value("language", "zh") if self.settings else "zh")
        saved = filter_from_settings(self.settings.value("filter")) if self.settings else None
        self.filter = initial or saved or Filter()
        self.counts: dict[str, int] = {}

        self.map = MapView(self)
        self.setCentralWidget(self.map)
        self.filters = FilterPanel(ds)
        self.details = DetailsPanel(ds)
        self.stats = StatsPanel(ds)
        self.docks = {
            "filters": self._dock("filters", self.filters, Qt.DockWidgetArea.LeftDockWidgetArea),
            "details": self._dock("details", self.details, Qt.DockWidgetArea.RightDockWidgetArea),
            "stats": self._dock("stats", self.stats, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(320)
        index = search_index(ds)
        self._search_targets = {text.casefold(): (kind, key) for text, kind, key in index}
        self.search.setCompleter(QCompleter(QStringListModel(sorted({text for text, _, _ in index})), self.search))
        self.search.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.search.returnPressed.connect(lambda: self.go_to(self.search.text()))
        self.search.completer().activated.connect(self.go_to)
        self.status = QLabel()
        self.statusBar().addWidget(self.status, 1)
        self._actions()

        self.filters.set_value(self.filter)
        self.stats.set_filter(self.filter)
        self.filters.changed.connect(self.set_filter)
        self.map.ready.connect(self._on_ready)
        self.map.clicked.connect(self.details.show_item)
        self.map.load_failed.connect(lambda msg: self.statusBar().showMessage(msg))
        self.retranslate()
        self.resize(1600, 960)
        self.resizeDocks([self.docks["filters"], self.docks["details"]], [250, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["stats"]], [330], Qt.Orientation.Vertical)
        if self.settings and self.settings.value("geometry"):
            self.restoreGeometry(QByteArray(self.settings.value("geometry")))
            self.restoreState(QByteArray(self.settings.value("state")))
        self._load_page()

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
            "export_html": self._action("export_html", self.export_html, "Ctrl+E"),
            "quit": self._action("quit", self.close, QKeySequence.StandardKey.Quit),
            "reset_filter": self._action("reset_filter", self.reset_filter, "Ctrl+R"),
            "fit": self._action("fit", lambda: self.map.send("fit"), "Ctrl+0"),
            "toggle_language": self._action("toggle_language", self.toggle_language, "Ctrl+L"),
            "about": self._action("about", self.about, "F1"),
            "search": self._action("search_focus", lambda: self.search.setFocus(), QKeySequence.StandardKey.Find),
        }
        self.lang_group = QActionGroup(self)
        self.lang_actions = {}
        for code, label in (("zh", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.lang_group.addAction(action)
            self.lang_actions[code] = action
        bar = self.menuBar()
        self.menus = {k: bar.addMenu("") for k in ("menu_file", "menu_view", "menu_language", "menu_help")}
        self.menus["menu_file"].addActions([self.act["export_html"]])
        self.menus["menu_file"].addSeparator()
        self.menus["menu_file"].addAction(self.act["quit"])
        self.menus["menu_view"].addActions([self.act["reset_filter"], self.act["fit"], self.act["search"]])
        self.menus["menu_view"].addSeparator()
        self.menus["menu_view"].addActions([d.toggleViewAction() for d in self.docks.values()])
        self.menus["menu_language"].addActions(list(self.lang_actions.values()))
        self.menus["menu_language"].addSeparator()
        self.menus["menu_language"].addAction(self.act["toggle_language"])
        self.menus["menu_help"].addAction(self.act["about"])
        tools = self.addToolBar("main")
        tools.setObjectName("toolbar-main")
        tools.addWidget(self.search)
        tools.addActions([self.act["reset_filter"], self.act["fit"], self.act["export_html"], self.act["toggle_language"]])

    def retranslate(self) -> None:
        ui = UI[self.lang]
        self.setWindowTitle(ui["window_title"])
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
        self.search.setPlaceholderText(ui["search"])
        self.search.setToolTip(ui["search_tip"])
        self.lang_actions[self.lang].setChecked(True)
        self.filters.retranslate(self.lang)
        self.details.set_language(self.lang)
        self.stats.set_language(self.lang)
        self._show_counts()

    # ---------- page ----------

    def _load_page(self) -> None:
        self.status.setText(UI[self.lang]["loading"])
        html = render_page(self.ds, self.filter, self.lang, extra_js=(qwebchannel_js(), bridge_js()))
        self.page_path = write_page(Path(tempfile.gettempdir()) / "mapapp" / f"page-{id(self)}.html", html)
        self.map.load_page(self.page_path)

    def _on_ready(self, counts: dict) -> None:
        self.counts = counts
        self._show_counts()

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

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "zh" else "zh")

    def go_to(self, text: str) -> bool:
        target = self._search_targets.get(text.strip().casefold())
        if target is None:
            self.statusBar().showMessage(UI[self.lang]["not_found"].format(text), 4000)
            return False
        kind, key = target
        if kind == "country":
            self.details.show_item("country", key)
            self.map.send("select", kind="country", id=key)
        else:
            place = self.ds.places[self.ds.places["id"] == key].iloc[0]
            self.map.send("flyTo", lat=float(place["lat"]), lon=display_lon(float(place["lon"])), zoom=6)
            self.details.show_item("country", place["country"])
        return True

    def export_html(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, UI[self.lang]["export_html"], "map.html", "HTML (*.html)")
        if path:
            write_page(path, render_page(self.ds, self.filter, self.lang))
            self.statusBar().showMessage(path, 5000)

    def about(self) -> None:
        QMessageBox.information(self, UI[self.lang]["about"], UI[self.lang]["about_text"])

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.page_path.unlink(missing_ok=True)  # the page is rebuilt from the data at every start
        if self.settings:
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("state", self.saveState())
            self.settings.setValue("filter", filter_to_settings(self.filter))
            self.settings.setValue("language", self.lang)
        super().closeEvent(event)

    def grab_when_drawn(self, out: Path, on_done, settle_ms: int = 600) -> None:
        """Save the whole window once the page has drawn (plus a moment for the last paint)."""

        def shoot(_counts=None):
            QTimer.singleShot(settle_ms, lambda: on_done(self.grab().save(str(out))))

        if self.map.is_ready:
            shoot()
        else:
            self.map.ready.connect(shoot)
