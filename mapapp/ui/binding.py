"""Widgets bound to the app state (mapapp/state.py), in the spirit of glue's echo/autoconnect.

A panel's `bind(state)` is one call that writes the panel's changes into the state and shows the
state's changes in the panel. The state fires only on real changes, so showing a value that came
from the panel does not loop back. State events are psygnal signals, which know nothing of Qt
lifetimes: `follow` disconnects when the widget is destroyed, so a replaced panel (new data builds
a new filter panel) is never called after Qt deleted it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def follow(event, slot, owner: QObject) -> None:
    """Call slot on each state event for as long as owner lives."""
    event.connect(slot)
    owner.destroyed.connect(lambda *_: event.disconnect(slot))
