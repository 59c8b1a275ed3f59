"""Find a country or city by name, in Chinese or English, and go there (Ctrl+F, then Enter)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from ...strings import STRINGS
from ...to_page import FlyTo

if TYPE_CHECKING:
    from ..main_window import MainWindow


class SearchController(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window
        self.box = QLineEdit()
        self.box.setObjectName("search")
        self.box.setClearButtonEnabled(True)
        self.box.setMaximumWidth(320)
        self.box.returnPressed.connect(lambda: self.go_to(self.box.text()))
        self.targets: dict[str, tuple[str, str]] = {}

    def index(self) -> None:
        """Every name of the data in the completer, for the data the window shows now."""
        from ...data.related import search_index

        names = search_index(self.w.ds)
        self.targets = {text.casefold(): (kind, key) for text, kind, key in names}
        completer = QCompleter(QStringListModel(sorted({text for text, _, _ in names})), self.box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.go_to)
        self.box.setCompleter(completer)

    def retranslate(self, lang: str) -> None:
        self.box.setPlaceholderText(STRINGS[lang]["search"])
        self.box.setToolTip(STRINGS[lang]["search_tip"])

    def go_to(self, text: str) -> bool:
        from ...map.geometry import display_lon

        w = self.w
        target = self.targets.get(text.strip().casefold())
        if target is None:
            w.statusBar().showMessage(STRINGS[w.lang]["not_found"].format(text), 4000)
            return False
        kind, key = target
        if kind == "country":
            w.select("country", key)
        else:
            place = w.ds.places[w.ds.places["id"] == key].iloc[0]
            w.map.send(FlyTo(float(place["lat"]), display_lon(float(place["lon"])), 6))
            w.state.selection = ("country", place["country"])  # the details of the place's country
        return True
