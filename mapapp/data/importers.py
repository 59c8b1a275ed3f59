"""Import a spreadsheet or GIS file into the workspace's layers, the way officers' files come.

Files arrive as CSV (UTF-8 with or without BOM, or Big5/CP950), Excel .xlsx, GeoJSON or a
GeoPackage layer; headers in Chinese or English; dates as ROC (107.1.12, 107年1月12日,
1070112) or Western; countries by Chinese or English name or ISO code. Each row becomes a
record of the target layer, checked by the same rules as the shipped data; a bad row is
rejected with file:row:column and a reason, the good ones are merged by key. Nothing is
written here: the caller shows the preview and saves the merged tables (workspace_changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import names, schema
from .aliases import ALIASES, COMMON_COLUMNS, COUNTRY_ALIASES, norm
from .issues import Issue
from .load import Dataset, as_tables, check_tables
from .readers import Unreadable, read_rows
from .schema import IMPORTABLE
from .tables import cell_text, parse_date, table_from_rows


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

    @property
    def ok(self) -> bool:
        """Something to apply, and the result checked."""
        return not self.failed and self.dataset is not None and bool(self.added or self.updated)


# ---------- dates ----------

_ROC_SEP = re.compile(r"^(?:民國)?\s*(\d{2,3})\s*[./\-年]\s*(\d{1,2})\s*(?:[./\-月]\s*(\d{1,2})\s*日?|月)?\s*$")
_ROC_PACKED = re.compile(r"^(\d{2,3})(\d{2})(\d{2})$")
_WEST = re.compile(r"^(\d{4})\s*[./\-年]\s*(\d{1,2})\s*(?:[./\-月]\s*(\d{1,2})\s*日?|月)?\s*$")


def normalise_date(text: str) -> str:
    """ROC or Western date to ISO (YYYY-MM-DD or YYYY-MM); text unchanged where it is neither."""
    t = text.strip().replace("　", " ")
    m = _ROC_PACKED.match(t) if len(t) in (6, 7) else None
    if m:
        y, mo, d = int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3))
    elif (m := _ROC_SEP.match(t)) and len(m.group(1)) <= 3:
        y, mo, d = int(m.group(1)) + 1911, int(m.group(2)), m.group(3) and int(m.group(3))
    elif m := _WEST.match(t):
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3) and int(m.group(3))
    else:
        return t
    return f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else "")


# ---------- names and places ----------


class Lookup:
    """Country, place, agency and drug names as officers write them, to the codes the data uses."""

    def __init__(self, ds: Dataset, places: pd.DataFrame):
        self.countries: dict[str, str] = {norm(k): v for k, v in COUNTRY_ALIASES.items()}
        for iso3, zh, en in zip(ds.basemap["iso3"], ds.basemap["name_zh"], ds.basemap["name_en"]):
            for key in (iso3, zh, en, str(zh).replace("臺", "台")):
                self.countries.setdefault(norm(key), str(iso3))
        self.places = places
        self.place_ids = {norm(r.id): r.id for r in places.itertuples()}
        for r in places.itertuples():
            for key in (r.name_zh, r.name_en, str(r.name_zh).replace("臺", "台")):
                self.place_ids.setdefault(norm(key), r.id)
        self.codes = {
            kind: {norm(k): k for k in table} | {norm(v): k for k, pair in table.items() for v in pair}
            for kind, table in (("agency", names.AGENCIES), ("drug", names.DRUGS), ("mode", names.MODES), ("unit", names.UNITS))
        }
        for code, pair in names.AGENCIES_SHORT.items():
            for v in pair:
                self.codes["agency"][norm(v)] = code

    def country(self, text: str) -> str | None:
        return self.countries.get(norm(text))

    def place(self, text: str) -> str | None:
        return self.place_ids.get(norm(text))

    def capital(self, iso3: str) -> str | None:
        rows = self.places[(self.places["country"] == iso3) & (self.places["kind"] == "capital")]
        return str(rows["id"].iloc[0]) if len(rows) else None

    def code(self, kind: str, text: str) -> str:
        return self.codes[kind].get(norm(text), text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# ---------- the import ----------


def match_columns(layer: str, header: list[str]) -> dict[str, int]:
    """Schema (or extra) column -> position in the file's header."""
    wanted = {norm(alias): column for column, aliases in ALIASES[layer].items() for alias in aliases}
    out: dict[str, int] = {}
    for i, h in enumerate(header):
        column = wanted.get(norm(h))
        if column and column not in out:
            out[column] = i
    return out


def guess_layer(header: list[str]) -> str | None:
    """The importable layer whose characteristic columns the header matches best."""
    scores = {layer: len(set(match_columns(layer, header)) - COMMON_COLUMNS) for layer in IMPORTABLE}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None


def _derived_required(layer: str) -> set[str]:
    """Columns the importer fills itself when the file lacks them."""
    return {
        "posts": {"id", "posts", "location_basis", "source", "region"},
        "detentions": {"life", "death", "source"},
        "results": {"months", "source"},
        "cases": {"id", "agencies", "date_text", "location_basis", "partners_zh", "summary_zh", "source"},
        "routes": {"id", "seq", "mode", "basis", "location_basis", "source", "agencies"},
        "prices": {"source"},
    }[layer]


class _RowBuilder:
    def __init__(self, ds: Dataset, tables: dict[str, pd.DataFrame], layer: str, file: str, header: list[str], cols: dict[str, int]):
        self.ds, self.tables, self.layer, self.file, self.header, self.cols = ds, tables, layer, file, header, cols
        self.look = Lookup(ds, tables["places"])
        self.new_places: dict[str, dict] = {}
        self.regions = {}
        posts = tables["posts"].merge(tables["places"][["id", "country"]], left_on="place", right_on="id", suffixes=("", "_p"))
        for country, region in zip(posts["country"], posts["region"]):
            self.regions.setdefault(country, region)

    def cell(self, fields: list[str], column: str) -> str:
        i = self.cols.get(column)
        return fields[i].strip() if i is not None and i < len(fields) else ""

    def header_of(self, column: str) -> str:
        i = self.cols.get(column)
        return self.header[i] if i is not None else column

    def place(self, fields, row, column, problems) -> tuple[str, str] | None:
        """A place id and its location basis: by id or name, new from coordinates, or the capital."""
        text = self.cell(fields, column)
        found = self.look.place(text) if text else None
        if found:
            return found, "stated"
        country_text = self.cell(fields, "country")
        iso3 = self.look.country(country_text) if country_text else None
        if country_text and iso3 is None:
            problems.append(Issue(self.file, row, self.header_of("country"), f"unknown country {country_text!r}"))
            return None
        lat, lon = self.cell(fields, "lat"), self.cell(fields, "lon")
        if text and lat and lon and column == "place":
            try:
                latf, lonf = float(lat), float(lon)
            except ValueError:
                problems.append(Issue(self.file, row, self.header_of("lat"), f"coordinates {lat!r}, {lon!r} are not numbers"))
                return None
            if not (-90 <= latf <= 90 and -180 <= lonf <= 180):
                problems.append(Issue(self.file, row, self.header_of("lat"), f"coordinates ({latf}, {lonf}) are out of range"))
                return None
            if iso3 is None:
                problems.append(Issue(self.file, row, self.header_of("country"), "a new place needs its country"))
                return None
            pid = _slug(text) or f"{iso3.lower()}_place_{row}"  # a Chinese-only name has no ASCII id
            if pid in self.look.place_ids.values() or pid in self.new_places:
                pid = f"{pid}_{row}"
            self.new_places[pid] = {"id": pid, "name_zh": text, "name_en": text, "country": iso3, "kind": "city",
                                    "geonameid": "", "lat": lat, "lon": lon, "source": f"import: {self.file} row {row}"}
            return pid, "stated"
        if iso3 and not text:
            capital = self.look.capital(iso3)
            if capital:
                return capital, "capital_assumed"
        what = text or country_text or "(empty)"
        problems.append(Issue(self.file, row, self.header_of(column), f"unknown place {what!r}; give its lat and lon, or a country"))
        return None

    def record(self, row: int, fields: list[str]) -> tuple[dict[str, str] | None, list[Issue], list[dict]]:
        """One file row as schema cells (text), its problems, and any case drug rows."""
        problems: list[Issue] = []
        layer = self.layer
        rec = {c: self.cell(fields, c) for c in schema.BY_NAME[layer].column_names}
        rec["source"] = rec["source"] or f"import: {self.file} row {row}"
        if rec.get("country"):
            iso3 = self.look.country(rec["country"])
            if iso3 is None and layer in ("detentions", "prices"):
                problems.append(Issue(self.file, row, self.header_of("country"), f"unknown country {rec['country']!r}"))
            rec["country"] = iso3 or rec["country"]
        for date_col in ("as_of", "date_start", "date_end"):
            if rec.get(date_col):
                original, rec[date_col] = rec[date_col], normalise_date(rec[date_col])
                if parse_date(rec[date_col]) is None:
                    problems.append(Issue(self.file, row, self.header_of(date_col),
                                          f"{original!r} is not a date (ROC 107.1.12, 107年1月12日, 1070112, or 2018-01-12)"))
        if "agency" in rec:
            rec["agency"] = self.look.code("agency", rec["agency"])
        drugs: list[dict] = []
        if layer == "posts":
            found = self.place(fields, row, "place", problems)
            if found:
                rec["place"], basis = found
                rec["location_basis"] = rec.get("location_basis") or basis
                country = self.new_places.get(found[0], {}).get("country") or self._country_of(found[0])
                rec["region"] = rec.get("region") or self.regions.get(country, "")
                if not rec["region"]:
                    problems.append(Issue(self.file, row, "region", f"no region known for {country}; add a region column (asia, americas, europe, africa, oceania)"))
                rec["id"] = rec.get("id") or f"{rec['agency'].lower()}-{rec['place']}".replace("_", "-")
            rec["posts"] = rec.get("posts") or "1"
        elif layer == "detentions":
            rec["life"] = rec.get("life") or "0"
            rec["death"] = rec.get("death") or "0"
        elif layer == "results":
            rec["months"] = rec.get("months") or "1-12"
        elif layer == "prices":
            rec["drug"] = self.look.code("drug", rec.get("drug", ""))
            year = rec.get("year", "")
            if year.isdigit() and int(year) < 1000:
                rec["year"] = str(int(year) + 1911)  # an ROC year
        elif layer == "cases":
            found = self.place(fields, row, "place", problems)
            if found:
                rec["place"], basis = found
                rec["location_basis"] = rec.get("location_basis") or basis
            raw_date = self.cell(fields, "date_start")
            rec["date_text"] = raw_date
            rec["agencies"] = ";".join(self.look.code("agency", a) for a in re.split(r"[;、,，]", rec.get("agencies") or rec.get("agency", "")) if a.strip())
            rec["mode"] = self.look.code("mode", rec["mode"]) if rec.get("mode") else ""
            rec["partners_zh"] = rec.get("partners_zh") or "—"
            rec["summary_zh"] = rec.get("summary_zh") or "—"
            rec["id"] = rec.get("id") or f"{rec.get('agency', '').lower()}-{rec.get('date_start', '')}-{rec.get('place', '')}"
            drug = self.cell(fields, "drug")
            if drug:
                drugs.append({"case_id": rec["id"], "drug": self.look.code("drug", drug), "quantity": self.cell(fields, "quantity"),
                              "unit": self.look.code("unit", self.cell(fields, "unit") or "kg"),
                              "text_zh": f"{drug}{self.cell(fields, 'quantity')}{self.cell(fields, 'unit')}"})
            else:
                problems.append(Issue(self.file, row, "drug", "a case needs its drug (and quantity)"))
        elif layer == "routes":
            for end in ("origin", "destination"):
                text = self.cell(fields, end)
                pid = self.look.place(text) if text else None
                if pid is None:
                    problems.append(Issue(self.file, row, self.header_of(end), f"unknown place {text or '(empty)'!r} (see places)"))
                rec[end] = pid or ""
            rec["drugs"] = ";".join(self.look.code("drug", d) for d in re.split(r"[;、,，]", rec.get("drugs", "")) if d.strip())
            rec["agencies"] = ";".join(self.look.code("agency", a) for a in re.split(r"[;、,，]", rec.get("agencies", "")) if a.strip())
            rec["mode"] = self.look.code("mode", rec["mode"]) if rec.get("mode") else "unknown"
            rec["seq"] = rec.get("seq") or "1"
            rec["basis"] = rec.get("basis") or ("case" if rec.get("case_id") else "schematic")
            rec["location_basis"] = rec.get("location_basis") or "stated"
            rec["id"] = rec.get("id") or f"r-{rec['origin']}-{rec['destination']}".replace("_", "-")
        return rec, problems, drugs

    def _country_of(self, pid: str) -> str | None:
        rows = self.tables["places"][self.tables["places"]["id"] == pid]
        return str(rows["country"].iloc[0]) if len(rows) else None


def _key_text(layer: schema.Layer, row) -> str:
    return "/".join(cell_text(row[k]) for k in layer.key)


def _merge(current: pd.DataFrame, incoming: pd.DataFrame, layer: schema.Layer, preview: Preview) -> pd.DataFrame:
    """Rows with a known key replace it (updated, or unchanged if only the source differs); others are appended."""
    cols = list(layer.column_names)

    def texts(frame: pd.DataFrame) -> list[tuple[str, ...]]:
        return [tuple(cell_text(v) for v in row) for row in frame[cols].itertuples(index=False)]

    at = [cols.index(k) for k in layer.key]
    index = {tuple(r[p] for p in at): i for i, r in enumerate(texts(current))}
    old_rows = texts(current)
    replace, append = {}, []
    for j, row in enumerate(texts(incoming)):
        key = tuple(row[p] for p in at)
        name = "/".join(key)
        if key not in index:
            index[key] = None  # a repeat within the file is caught before the merge
            append.append(j)
            preview.added.append(name)
            continue
        old = old_rows[index[key]]
        changed = [c for c, a, b in zip(cols, old, row) if a != b]
        # The same figures from another file keep their original row and its source.
        if not [c for c in changed if c != "source"]:
            preview.unchanged.append(name)
            continue
        preview.diffs[name] = "; ".join(f"{c}: {old[cols.index(c)]} → {row[cols.index(c)]}" for c in changed)
        preview.updated.append(name)
        replace[index[key]] = j
    out = current[cols].copy()
    if replace:
        positions, sources = list(replace), list(replace.values())
        for c in cols:
            values = incoming[c].iloc[sources].tolist()
            column = out[c].tolist()
            for p, v in zip(positions, values):
                column[p] = v
            out[c] = pd.Series(column, dtype=out[c].dtype)
    if append:
        out = pd.concat([out, incoming[cols].iloc[append]], ignore_index=True)
    return out.reset_index(drop=True)


def import_file(ds: Dataset, path: Path | str, layer: str | None = None, progress=None) -> Preview:
    """Read, map, check and merge one file into a copy of the dataset's tables; write nothing."""
    path = Path(path)
    preview = Preview(path.name, layer or "")
    try:
        header, rows = read_rows(path, layer)
    except Unreadable as exc:
        preview.failed = [exc.args[0]]
        return preview
    layer = layer or guess_layer(header)
    if layer not in IMPORTABLE:
        preview.failed = [Issue(path.name, 1, "", f"cannot tell which layer these columns are for; choose one of {', '.join(IMPORTABLE)}")]
        return preview
    preview.layer = layer
    cols = match_columns(layer, header)
    target = schema.BY_NAME[layer]
    needed = [c.name for c in target.columns if c.required and c.name not in _derived_required(layer) and c.name not in cols]
    if layer in ("posts", "cases"):
        needed = [c for c in needed if c != "place"] + ([] if "place" in cols or "country" in cols else ["place"])
    if needed:
        aliases = {c: "/".join(ALIASES[layer].get(c, (c,))[:3]) for c in needed}
        preview.failed = [Issue(path.name, 1, c, f"missing column ({aliases[c]})") for c in needed]
        return preview

    tables = {name: frame.copy() for name, frame in ds.tables.items()}
    builder = _RowBuilder(ds, tables, layer, path.name, header, cols)
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
        key = _key_text(target, typed.frame.iloc[position])
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
    tables[layer] = _merge(tables[layer], incoming, target, preview)
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

