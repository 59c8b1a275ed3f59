"""The table inside an officer's sheet: title rows above the header, totals rows and footnotes
below the data, as the briefing's own tables have them.

The header is the row among the first few that names the most known columns; rows above it are
the title (a "截至108年10月31日止" there gives a detention sheet its as-of date when it has no such
column); a totals row (總計, 合計, Total...) and footnotes (註：..., 資料來源：..., one cell under
the table) are left out and listed, never read as data. Merged cells arrive filled (readers.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..issues import Issue
from .aliases import norm
from .dates import normalise_date

HEADER_SEARCH = 8  # rows from the top where the header may be
TOTALS = {norm(t) for t in ("總計", "合計", "小計", "總數", "共計", "总计", "合计", "total", "totals", "subtotal", "sum", "grand total")}
FOOTNOTE = re.compile(r"^\s*(\*|※|註|附註|備註|说明|說明|資料來源|来源|來源|note|notes|source)")
AS_OF = re.compile(r"(?:截至|截止|統計至|as\s*of)\s*(?:民國)?\s*([0-9]{2,4}\s*[年./\-]\s*[0-9]{1,2}\s*(?:[月./\-]\s*[0-9]{1,2}\s*日?)?)", re.I)


@dataclass
class Table:
    header: list[str]
    header_row: int  # the file's row number of the header
    rows: list[tuple[int, list[str]]]
    title: list[str] = field(default_factory=list)
    left_out: list[Issue] = field(default_factory=list)  # totals and footnotes, with the row and why

    def as_of(self) -> str | None:
        """An as-of date the title states (ISO), if any."""
        for line in self.title:
            if m := AS_OF.search(line):
                date = normalise_date(re.sub(r"\s", "", m.group(1)))
                if re.match(r"^\d{4}-\d{2}(-\d{2})?$", date):
                    return date
        return None


def find_table(file: str, header: list[str], rows: list[tuple[int, list[str]]], score) -> Table:
    """score(cells) -> how many known columns a row names; the best of the first rows is the header."""
    candidates = [(1, header)] + rows[: HEADER_SEARCH - 1]
    best = max(range(len(candidates)), key=lambda i: (score(candidates[i][1]), -i))
    if best == 0 or score(candidates[best][1]) <= score(header):
        table = Table(header, 1, list(rows))
    else:
        above = [header] + [cells for _, cells in rows[: best - 1]]
        number, cells = candidates[best]
        table = Table(cells, number, list(rows[best:]),
                      title=[" ".join(dict.fromkeys(c.strip() for c in r if c.strip())) for r in above])
    kept = []
    for number, cells in table.rows:
        filled = [c.strip() for c in cells if c.strip()]
        if filled and norm(filled[0]) in TOTALS:
            table.left_out.append(Issue(file, number, table.header[0] if table.header else "", f"a totals row ({filled[0]}): left out"))
        elif filled and (FOOTNOTE.match(filled[0]) and len(filled) <= 2 or len(filled) == 1 and len(cells) > 2):
            table.left_out.append(Issue(file, number, "", f"a note under the table ({filled[0][:40]}): left out"))
        else:
            kept.append((number, cells))
    table.rows = kept
    width = len(table.header)  # short rows padded (a sheet's empty trailing cells); a long one stays long and is reported
    table.rows = [(n, c + [""] * (width - len(c))) for n, c in table.rows]
    return table
