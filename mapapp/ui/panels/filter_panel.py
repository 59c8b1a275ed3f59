"""Left dock: check boxes built from the data (agencies, drugs, years, layers) -> one Filter value."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QCheckBox, QGroupBox, QScrollArea, QVBoxLayout, QWidget

from ...data import names, schema
from ...data.filtering import MAP_LAYERS, Filter
from ...data.load import Dataset
from ...map.style import AGENCY_COLOURS, DRUG_COLOURS
from ...strings import STRINGS
from ..binding import follow


def swatch(colour: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(colour))
    return QIcon(pix)


def agency_feature_counts(ds: Dataset) -> dict[str, int]:
    """Features each agency appears on: posts, cases, case routes, customs partners."""
    counts = {a: int((ds.posts["agency"] == a).sum()) for a in schema.AGENCIES}
    for frame in (ds.cases, ds.routes):
        for agencies in frame["agencies"]:
            for a in agencies:
                counts[a] += 1
    counts["CUSTOMS"] += len(ds.customs_partners)
    return counts


def drugs_present(ds: Dataset) -> list[str]:
    seen = set(ds.case_drugs["drug"]) | {d for drugs in ds.routes["drugs"] for d in drugs}
    return [d for d in schema.DRUGS if d in seen]


def years_present(ds: Dataset) -> list[int]:
    return sorted(set(ds.results["year_roc"].astype(int)) | {y for ys in ds.cases["years_roc"] for y in ys})


class FilterPanel(QScrollArea):
    changed = Signal(object)  # Filter

    def __init__(self, ds: Dataset, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.counts = agency_feature_counts(ds)
        self.boxes: dict[str, dict] = {"agencies": {}, "drugs": {}, "years": {}, "layers": {}}
        self.groups: dict[str, QGroupBox] = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        for group, codes in (
            ("agencies", schema.AGENCIES),
            ("drugs", drugs_present(ds)),
            ("years", years_present(ds)),
            ("layers", MAP_LAYERS),
        ):
            box = QGroupBox()
            inner = QVBoxLayout(box)
            for code in codes:
                check = QCheckBox()
                check.setChecked(True)
                check.setObjectName(f"filter-{group}-{code}")
                if group == "agencies":
                    check.setIcon(swatch(AGENCY_COLOURS[code]))
                elif group == "drugs":
                    check.setIcon(swatch(DRUG_COLOURS[code]))
                check.toggled.connect(self._emit)
                inner.addWidget(check)
                self.boxes[group][code] = check
            self.groups[group] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)
        self._all_years = frozenset(self.boxes["years"])
        self._blocking = False
        self.retranslate("zh")

    def retranslate(self, lang: str) -> None:
        ui = STRINGS[lang]
        for group, box in self.groups.items():
            box.setTitle(ui[group])
        for code, check in self.boxes["agencies"].items():
            check.setText(names.label("agencies", code, lang) + ui["parenthesised"].format(text=self.counts[code]))
            check.setToolTip(ui["agencies"] + ": " + names.label("agencies", code, lang))
        for code, check in self.boxes["drugs"].items():
            check.setText(names.label("drugs", code, lang))
            check.setToolTip(ui["drugs"] + ": " + names.label("drugs", code, lang))
        for year, check in self.boxes["years"].items():
            check.setText(ui["year_label"].format(year))
            check.setToolTip(ui["years"])
        for code, check in self.boxes["layers"].items():
            check.setText(ui[f"layer_{code}"])
            check.setToolTip(ui["layers"] + ": " + ui[f"layer_{code}"])

    def value(self) -> Filter:
        on = {g: frozenset(c for c, b in boxes.items() if b.isChecked()) for g, boxes in self.boxes.items()}
        years = None if on["years"] == self._all_years else frozenset(int(y) for y in on["years"])
        return Filter(agencies=on["agencies"], drugs=on["drugs"] | self._absent_drugs(), years=years, layers=on["layers"])

    def _absent_drugs(self) -> frozenset[str]:
        """Drugs with no box (none in the data) stay selected, so a new import shows up."""
        return frozenset(schema.DRUGS) - frozenset(self.boxes["drugs"])

    def set_value(self, f: Filter) -> None:
        """Show a filter without echoing it back as a change."""
        self._blocking = True
        try:
            for code, box in self.boxes["agencies"].items():
                box.setChecked(code in f.agencies)
            for code, box in self.boxes["drugs"].items():
                box.setChecked(code in f.drugs)
            for year, box in self.boxes["years"].items():
                box.setChecked(f.years is None or year in f.years)
            for code, box in self.boxes["layers"].items():
                box.setChecked(code in f.layers)
        finally:
            self._blocking = False

    def _emit(self) -> None:
        if not self._blocking:
            self.changed.emit(self.value())

    def bind(self, state) -> None:
        """The panel shows state.filter, and a box the user ticks changes it."""
        self.set_value(state.filter)
        self.changed.connect(lambda f: setattr(state, "filter", f))
        follow(state.events.filter, self.set_value, self)
