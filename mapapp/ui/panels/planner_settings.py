"""The planner's settings: whose posts count today, reach, host-country rule, how many posts, the weights."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...analysis.need import PARTS, Weights
from ...analysis.options import DEFAULT_RADIUS_KM
from ...data.names import label
from ...data.schema import AGENCIES
from ...state import PlanChoice
from ...strings import STRINGS
from ..binding import follow

AGENCY_CHOICES = (AGENCIES, ("NPA",), ("MJIB",))


class PlannerSettings(QWidget):
    """The form for the state's PlanChoice: bind(state) shows it and writes each edit back."""

    changed = Signal()  # any setting the user changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.agency = QComboBox()
        self.radius = QSpinBox()
        self.radius.setRange(0, 20000)
        self.radius.setSingleStep(100)
        self.radius.setValue(int(DEFAULT_RADIUS_KM))
        self.host = QCheckBox()
        self.host.setChecked(True)
        self.k = QSpinBox()
        self.k.setRange(1, 20)
        self.k.setValue(2)
        self.weights_box = QGroupBox()
        grid = QGridLayout(self.weights_box)
        self.weight, self.weight_labels = {}, {}
        for i, part in enumerate(PARTS):
            spin = QDoubleSpinBox()
            spin.setRange(0, 1000)
            spin.setDecimals(2)
            spin.setSingleStep(0.5 if part != "seizure_kg" else 0.05)
            spin.setValue(Weights().as_dict()[part])
            spin.setObjectName(f"weight-{part}")
            self.weight[part] = spin
            self.weight_labels[part] = QLabel()
            grid.addWidget(self.weight_labels[part], i // 2, (i % 2) * 2)
            grid.addWidget(spin, i // 2, (i % 2) * 2 + 1)
        self.reset_weights = QPushButton()
        grid.addWidget(self.reset_weights, 3, 0, 1, 4)
        self.recommend_button = QPushButton()
        self.recommend_button.setObjectName("plan-recommend")
        self.recommend_button.setDefault(True)
        form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(3)]
        form.addRow(self.form_labels[0], self.agency)
        form.addRow(self.form_labels[1], self.radius)
        form.addRow("", self.host)
        form.addRow(self.form_labels[2], self.k)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.weights_box)
        layout.addWidget(self.recommend_button)
        layout.addStretch(1)
        self.agency.currentIndexChanged.connect(self.changed)
        self.host.toggled.connect(self.changed)
        self.radius.valueChanged.connect(self.changed)
        self.k.valueChanged.connect(self.changed)
        for spin in self.weight.values():
            spin.valueChanged.connect(self.changed)
        self.reset_weights.clicked.connect(self._reset_weights)

    def agencies(self) -> tuple[str, ...]:
        return self.agency.currentData() or AGENCY_CHOICES[0]

    def set_agencies(self, agencies: tuple[str, ...]) -> bool:
        index = next((i for i, choice in enumerate(AGENCY_CHOICES) if set(choice) == set(agencies)), None)
        if index is not None:
            self.agency.setCurrentIndex(index)
        return index is not None

    def weights(self) -> Weights:
        return Weights(**{part: spin.value() for part, spin in self.weight.items()})

    def choice(self) -> PlanChoice:
        weights = self.weights()
        return PlanChoice(self.agencies(), float(self.radius.value()), self.host.isChecked(), self.k.value(),
                          None if weights == Weights() else weights)

    def show_choice(self, choice: PlanChoice) -> None:
        """Show a choice without echoing it back as a change."""
        widgets = [self.agency, self.radius, self.host, self.k, *self.weight.values()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.set_agencies(choice.agencies)
            self.radius.setValue(int(choice.radius_km))
            self.host.setChecked(choice.host_country)
            self.k.setValue(choice.k)
            for part, value in (choice.weights or Weights()).as_dict().items():
                self.weight[part].setValue(value)
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def bind(self, state) -> None:
        self.show_choice(state.plan_choice)
        self.changed.connect(lambda: setattr(state, "plan_choice", self.choice()))
        follow(state.events.plan_choice, self.show_choice, self)

    def _reset_weights(self) -> None:
        defaults = Weights().as_dict()
        for part, spin in self.weight.items():
            spin.blockSignals(True)
            spin.setValue(defaults[part])
            spin.blockSignals(False)
        self.changed.emit()

    def retranslate(self, lang: str) -> None:
        ui = STRINGS[lang]
        current = self.agency.currentIndex()
        self.agency.blockSignals(True)
        self.agency.clear()
        for choice in AGENCY_CHOICES:
            text = ui["plan_all_agencies"] if len(choice) > 1 else label("agencies_short", choice[0], lang)
            self.agency.addItem(text, choice)
        self.agency.setCurrentIndex(max(current, 0))
        self.agency.blockSignals(False)
        for lbl, key in zip(self.form_labels, ("plan_agency", "plan_radius", "plan_k")):
            lbl.setText(ui[key])
        self.radius.setSuffix(" " + ui["km"])
        self.radius.setToolTip(ui["plan_radius_tip"])
        self.host.setText(ui["plan_host"])
        self.host.setToolTip(ui["plan_host_tip"])
        self.weights_box.setTitle(ui["plan_weights"])
        self.weights_box.setToolTip(ui["plan_weights_tip"])
        for part, lbl in self.weight_labels.items():
            lbl.setText(label("need_parts", part, lang))
        self.reset_weights.setText(ui["plan_reset_weights"])
        self.recommend_button.setText(ui["plan_recommend"])
        self.recommend_button.setToolTip(ui["plan_recommend_tip"])
