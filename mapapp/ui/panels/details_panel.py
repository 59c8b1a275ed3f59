"""Right dock: what the data holds about what was clicked, with its source, as escaped text.

The rows are data/present.py's, the same the map's popup shows.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtWidgets import QTextBrowser

from ...data import present
from ...data.database import is_database
from ...data.issues import WorkspaceError
from ...data.load import Dataset
from ...data.related import KIND_FRAMES
from ...strings import STRINGS
from ..binding import follow


def details_html(d: present.Details, lang: str) -> str:
    """Details as HTML in which every value is escaped text."""
    t = STRINGS[lang]
    rows = [*((r.label, f"{r.value} {r.unit}" if r.unit else r.value) for r in d.rows)]
    if d.source:
        rows.append((t["source"], d.source))
    cells = "".join(
        f"<tr><th align='left' valign='top' style='padding-right:8px;color:#555'>{escape(k)}</th><td>{escape(v)}</td></tr>"
        for k, v in rows
    )
    parts = [f"<h3>{escape(d.title)}</h3><p style='color:#555'>{escape(d.subtitle)}</p><table>{cells}</table>"]
    for s in d.sections:
        more = s.total - len(s.lines)
        lines = [*s.lines, *([t["section_more"].format(n=more)] if more else [])]
        parts.append(f"<h4>{escape(t['section_title'].format(title=s.title, n=s.total))}</h4>"
                     f"<ul>{''.join(f'<li>{escape(line)}</li>' for line in lines)}</ul>")
    return "".join(parts)


class DetailsPanel(QTextBrowser):
    def __init__(self, ds: Dataset, parent=None):
        super().__init__(parent)
        self.ds = ds
        self.lang = "zh"
        self.current: tuple[str, str] | None = None
        self.setOpenLinks(False)
        self.clear_details()

    def clear_details(self) -> None:
        self.current = None
        self.setHtml(f"<p style='color:#555'>{escape(STRINGS[self.lang]['details_empty'])}</p>")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self.current:
            self.show_item(*self.current)
        else:
            self.clear_details()

    def bind(self, state) -> None:
        """The panel shows state.selection; a selection the data no longer holds is cleared."""
        follow(state.events.selection, self.show_selection, self)

    def show_selection(self, selection: tuple[str, str] | None) -> bool:
        if selection is not None and self.show_item(*selection):
            return True
        self.clear_details()
        return False

    def entry(self, kind: str, key: str) -> list | None:
        """A feature's rows as the page's popup takes them (to_page.ShowDetails), None if not in the data."""
        details = present.details(self.ds, kind, key, self.lang)
        return None if details is None else details.to_json()

    def show_item(self, kind: str, key: str) -> bool:
        details = present.details(self.ds, kind, key, self.lang)
        if details is None:
            return False
        self.current = (kind, key)
        if is_database(self.ds.source) and kind in KIND_FRAMES:
            details = replace(details, sections=(*details.sections, *self._history(KIND_FRAMES[kind], key)))
        self.setHtml(details_html(details, self.lang))
        return True

    def _history(self, layer: str, key: str) -> tuple[present.Section, ...]:
        """A shared workspace's feature: its changes from the audit table, as lines of text."""
        from ...data.database.history import feature_history

        t = STRINGS[self.lang]
        try:
            entries, total = feature_history(str(self.ds.source), layer, (key,))
        except WorkspaceError:  # the server is away: the details still show
            return ()
        lines = []
        for e in entries:
            changes = "; ".join(f"{c}: {a} → {b}" for c, a, b in e.changes)
            lines.append(f"{e.when} {e.who} {t['audit_' + e.action]}" + (f"：{changes}" if changes else ""))
        return (present.Section(t["audit_title"], tuple(lines), total),) if total else ()
