"""Import a spreadsheet or GIS file into the workspace's layers, the way officers' files come.

Files arrive as CSV (UTF-8 with or without BOM, or Big5/CP950), Excel .xlsx, GeoJSON or a
GeoPackage layer; headers in Chinese or English; dates as ROC (107.1.12, 107年1月12日,
1070112) or Western; countries by Chinese or English name or ISO code. Each row becomes a
record of the target layer, checked by the same rules as the shipped data; a bad row is
rejected with file:row:column and a reason, the good ones are merged by key. Nothing is
written here: the caller shows the preview and saves the merged tables (workspace_changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import schema
from ..issues import Issue
from ..load import Dataset, as_tables, check_tables
from ..schema import IMPORTABLE
from ..tables import table_from_rows
from .aliases import ALIASES, COMMON_COLUMNS, closest, norm
from .merge import key_text, merge
from .readers import Unreadable, read_rows
from .rows import FILLED, RowBuilder
from .sheet import find_table


@dataclass
class Preview:
    """What an import would change; `tables` and `dataset` are the merged result, unsaved."""

    file: str
    layer: str
    added: list[str] = field(default_factory=list)  # keys, as text
    updated: list[str] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)  # updated key -> "column: old → new; ..."
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Issue] = field(default_factory=list)  # every reason, file:row:column
    rejected_rows: list[int] = field(default_factory=list)
    new_places: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] | None = None
    dataset: Dataset | None = None
    failed: list[Issue] = field(default_factory=list)  # the import as a whole cannot go ahead
    matches: list[Match] = field(default_factory=list)  # how each of the sheet's headers was read
    left_out: list[Issue] = field(default_factory=list)  # totals rows and notes under the table
    header_row: int = 1

    @property
    def ok(self) -> bool:
        """Something to apply, and the result checked."""
        return not self.failed and self.dataset is not None and bool(self.added or self.updated)


# ---------- the import ----------


@dataclass(frozen=True)
class Match:
    """How one of the sheet's headers was read: as which column, and how that was decided."""

    header: str
    column: str | None  # None: not read
    how: str  # "name" (a known name or variant), "similar" (close to one), "yours" (--map or the preview), "title", ""


SIMILAR = 0.8  # a header this close to a known name (difflib's ratio, after norm) is read as that column


def match_columns(layer: str, header: list[str]) -> dict[str, int]:
    """Schema (or extra) column -> position in the file's header, by known names and variants only."""
    wanted = {norm(alias): column for column, aliases in ALIASES[layer].items() for alias in aliases}
    out: dict[str, int] = {}
    for i, h in enumerate(header):
        column = wanted.get(norm(h))
        if column and column not in out:
            out[column] = i
    return out


def column_matches(layer: str, header: list[str], mapping: dict[str, str] | None = None) -> tuple[dict[str, int], list[Match]]:
    """Known names first; then the user's own mapping (header -> column, "" to leave a header out);
    then a header close enough to a known name. Every header's reading, for the preview."""
    mapping = {norm(h): c for h, c in (mapping or {}).items()}
    cols = {c: i for c, i in match_columns(layer, header).items() if norm(header[i]) not in mapping}
    how = {i: "name" for i in cols.values()}
    for i, h in enumerate(header):
        column = mapping.get(norm(h))
        if column:
            cols[column], how[i] = i, "yours"
    for i, h in enumerate(header):
        if i in how or norm(h) in mapping or not h.strip():
            continue
        near = [(c, r) for c, _, r in closest(layer, h) if r >= SIMILAR and c not in cols]
        if near:
            cols[near[0][0]], how[i] = i, "similar"
    by_position = {i: c for c, i in cols.items()}
    return cols, [Match(h, by_position.get(i), how.get(i, "")) for i, h in enumerate(header)]


def _missing(path: Path, layer: str, needed: list[str], matches: list[Match]) -> list[Issue]:
    """A missing column named with its known names, and the sheet's unread headers that come closest."""
    unread = [(m.header, closest(layer, m.header, n=8)) for m in matches if m.column is None and m.header.strip()]
    issues = []
    for c in needed:
        names = "/".join(ALIASES[layer].get(c, (c,))[:3])
        near = sorted(((r, h) for h, found in unread for col, _, r in found if col == c), reverse=True)[:2]
        hint = "; ".join(f"the sheet's {h!r} is the closest ({r:.0%}): --map '{h}={c}'" for r, h in near)
        issues.append(Issue(path.name, 1, c, f"missing column ({names})" + (f"; {hint}" if hint else "")))
    return issues


def guess_layer(header: list[str]) -> str | None:
    """The importable layer whose characteristic columns the header matches best."""
    scores = {layer: len(set(match_columns(layer, header)) - COMMON_COLUMNS) for layer in IMPORTABLE}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None


def import_file(ds: Dataset, path: Path | str, layer: str | None = None, progress=None,
                mapping: dict[str, str] | None = None, remembered=None) -> Preview:
    """Read, map, check and merge one file into a copy of the dataset's tables; write nothing.
    mapping: the sheet's header -> column, where the user said (--map, the preview's mapping step);
    remembered(header) -> the mapping chosen before for a sheet with that header, if any."""
    path = Path(path)
    preview = Preview(path.name, layer or "")
    try:
        header, rows = read_rows(path, layer)
    except Unreadable as exc:
        preview.failed = [exc.args[0]]
        return preview
    layers = [layer] if layer in IMPORTABLE else list(IMPORTABLE)
    table = find_table(path.name, header, rows, lambda cells: max(len(match_columns(name, cells)) for name in layers))
    header, rows, preview.left_out, preview.header_row = table.header, table.rows, table.left_out, table.header_row
    if mapping is None and remembered is not None:
        mapping = remembered(header)
    layer = layer or guess_layer(header)
    if layer not in IMPORTABLE:
        preview.failed = [Issue(path.name, table.header_row, "", f"cannot tell which layer these columns are for; choose one of {', '.join(IMPORTABLE)}")]
        return preview
    preview.layer = layer
    unknown = sorted(set((mapping or {}).values()) - set(ALIASES[layer]) - {""})
    if unknown:
        preview.failed = [Issue(path.name, table.header_row, c, f"--map names no column of {layer}: {c!r}") for c in unknown]
        return preview
    cols, preview.matches = column_matches(layer, header, mapping)
    if layer == "detentions" and "as_of" not in cols and table.as_of():  # the date the title states
        header = [*header, "as_of"]
        rows = [(n, [*cells, table.as_of()]) for n, cells in rows]
        cols["as_of"] = len(header) - 1
        preview.matches.append(Match(" / ".join(table.title), "as_of", "title"))
    target = schema.BY_NAME[layer]
    needed = [c.name for c in target.columns if c.required and c.name not in FILLED[layer] and c.name not in cols]
    if layer in ("posts", "cases"):
        needed = [c for c in needed if c != "place"] + ([] if "place" in cols or "country" in cols else ["place"])
    if needed:
        preview.failed = _missing(path, layer, needed, preview.matches)
        return preview

    tables = {name: frame.copy() for name, frame in ds.tables.items()}
    builder = RowBuilder(ds, tables, layer, path.name, header, cols)
    # Build every record first, then parse them in one pass (a table per row would be ~2 ms a row).
    entries = []
    for n, (row, fields) in enumerate(rows):
        if progress is not None and n % 500 == 0:
            progress(n, len(rows))
        if any(f.strip() for f in fields):
            entries.append((row, *builder.record(row, fields)))
    columns = list(target.column_names)
    typed, issues = table_from_rows(target, path.name, columns, [(row, [rec[c] for c in columns]) for row, rec, _, _ in entries])
    cd = schema.BY_NAME["case_drugs"]
    drug_cells = [(row, [str(d[c]) for c in cd.column_names]) for row, _, _, drugs in entries for d in drugs]
    drug_table, drug_issues = table_from_rows(cd, path.name, list(cd.column_names), drug_cells)
    parsed: dict[int, list[Issue]] = {}
    for i in issues + drug_issues:
        parsed.setdefault(i.row, []).append(i)
    problems_of: dict[int, list[Issue]] = {}
    for row, _, problems, _ in entries:
        reported = {p.column for p in problems}
        problems = problems + [
            Issue(i.file, i.row, builder.header_of(i.column) if i.column else i.column, i.message)
            for i in parsed.get(row, [])
            # what the importer fills in is "required" only because the row already failed above
            if builder.header_of(i.column) not in reported and not (problems and i.message == "value is required")
        ]
        if problems:
            problems_of[row] = problems
    seen: dict[str, int] = {}
    keep = []
    for position, row in enumerate(typed.lines):
        if row in problems_of:
            continue
        key = key_text(target, typed.frame.iloc[position])
        if key in seen and layer != "cases":  # a case's further rows are its further drugs
            problems_of[row] = [Issue(path.name, row, target.key[0], f"same {'/'.join(target.key)} as row {seen[key]}")]
            continue
        seen.setdefault(key, row)
        keep.append(position)
    for row, _, _, _ in entries:
        if row in problems_of:
            preview.rejected += problems_of[row]
            preview.rejected_rows.append(row)
    if not keep:
        preview.failed = preview.failed or [Issue(path.name, 0, "", "no row could be imported")]
        return preview

    incoming = typed.frame.iloc[keep].reset_index(drop=True)
    if layer == "cases":
        incoming = incoming.drop_duplicates(subset=["id"], keep="first")
    tables[layer] = merge(tables[layer], incoming, target, preview)
    if builder.new_places:
        places = schema.BY_NAME["places"]
        new = table_from_rows(places, path.name, list(places.column_names),
                              [(i, [p[c] for c in places.column_names]) for i, p in enumerate(builder.new_places.values())])[0]
        tables["places"] = pd.concat([tables["places"], new.frame], ignore_index=True)
        preview.new_places = list(builder.new_places)
    new_drugs = drug_table.frame.iloc[[i for i, row in enumerate(drug_table.lines) if row not in problems_of]]
    if len(new_drugs):  # the drugs of the accepted case rows, parsed once above
        kept = tables["case_drugs"][~tables["case_drugs"]["case_id"].isin(set(new_drugs["case_id"]))]
        tables["case_drugs"] = pd.concat([kept, new_drugs], ignore_index=True).drop_duplicates(subset=["case_id", "drug"], keep="last")
    dataset, issues = check_tables(ds.source, ds.raw_basemap, as_tables(tables), ds.scenes_text)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        preview.failed = [Issue(path.name, 0, "", f"the data would be inconsistent after this import: {e}") for e in errors]
        return preview
    preview.tables, preview.dataset = tables, dataset
    if progress is not None:
        progress(len(rows), len(rows))
    return preview

