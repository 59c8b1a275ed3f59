"""Comparing years: pick two as-of dates of the detention figures and the map shows the change
(and the posts opened and closed between them) while the charts show each year's change from the
year before; the same action again returns both to the figures."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from ...data.snapshots import as_of_dates, change
from ...strings import STRINGS
from ...to_page import ShowChange


def show_change(window, old: str, new: str) -> None:
    window.change_shown = (old, new)
    window.map.send(ShowChange(change(window.ds, old, new)))
    window.stats.compare.setChecked(True)


def toggle_change(window) -> None:
    """Ask which two dates (the two newest offered), or end the comparison shown."""
    ui = STRINGS[window.lang]
    if getattr(window, "change_shown", None):
        window.change_shown = None
        window.map.send(ShowChange(None))
        window.stats.compare.setChecked(False)
        return
    dates = as_of_dates(window.ds)
    if len(dates) < 2:
        QMessageBox.information(window, ui["show_change"], ui["change_none"])
        return
    old, ok = QInputDialog.getItem(window, ui["show_change"], ui["change_pick_old"], dates[:-1], len(dates) - 2, False)
    if not ok:
        return
    later = [d for d in dates if d > old]
    new, ok = QInputDialog.getItem(window, ui["show_change"], ui["change_pick_new"], later, len(later) - 1, False)
    if ok:
        show_change(window, old, new)
