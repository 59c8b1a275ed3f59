"""Cells written for spreadsheets, where text from data must stay text.

Excel and LibreOffice turn a CSV cell that begins with =, +, -, @, a tab or a carriage return
into a live formula (=HYPERLINK(...), =cmd|...). As OWASP's CSV-injection advice says, such a
text cell is written with a leading apostrophe, so it shows as the text it is; plain numbers stay
numbers. The apostrophe is doubled where the text itself starts with one before such a character,
so `restore` gives back exactly the original text when an export is imported again.
"""

from __future__ import annotations

import csv
import io
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _escaped(text: str) -> bool:
    """Whether `restore` would take an apostrophe off this text."""
    return text.startswith("'") and text[1:2] in (*TRIGGERS, "'")


def safe(value) -> object:
    """A cell for a CSV or XLSX file: numbers as they are, text that a spreadsheet would run made inert."""
    if not isinstance(value, str) or NUMBER.match(value):
        return value
    if value.startswith(TRIGGERS) or _escaped(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The original text of a cell that `safe` wrote (an import reads exports back with this)."""
    return text[1:] if _escaped(text) else text


def csv_text(header: list[str], rows) -> str:
    """CSV with every cell made safe; rows are sequences in header order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe(h) for h in header])
    writer.writerows([safe(v) for v in row] for row in rows)
    return out.getvalue()


def csv_dicts(columns: list[str], rows: list[dict]) -> str:
    return csv_text(columns, ([row.get(c, "") for c in columns] for row in rows))
