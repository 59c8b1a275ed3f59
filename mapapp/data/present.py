"""What the data says about one feature or country, as rows of text.

The one source of both the details panel (ui/panels/details_panel.py) and the map's popup
(assets/js/details.js): each renders these rows as text and formats nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..strings import STRINGS
from .geodesy import distance_km
from .load import Dataset
from .names import label
from .related import KIND_FRAMES, CountryFacts
from .related import country as country_facts
from .related import feature as feature_row
from .snapshots import history
from .tables import missing

KINDS = (*KIND_FRAMES, "country")
SECTION_LINES = 20  # a country's lists stop here, with a count of the rest


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    unit: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]
    total: int  # lines before the cut at SECTION_LINES


@dataclass(frozen=True)
class Details:
    title: str
    subtitle: str
    rows: tuple[Row, ...]
    source: str
    sections: tuple[Section, ...] = ()

    def to_json(self) -> list:
        return [self.title, self.subtitle, [[r.label, r.value, r.unit] for r in self.rows], self.source,
                [[s.title, list(s.lines), s.total] for s in self.sections]]


def number(value, digits: int = 4) -> str:
    """1234.5 -> '1,234.5': grouped, at most `digits` decimals, no trailing zeros."""
    if missing(value):
        return ""
    if isinstance(value, (int,)) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.{digits}f}".rstrip("0").rstrip(".")


def text(value) -> str:
    return "" if missing(value) else str(value)


class Presenter:
    """Details in one language, with the dataset's names looked up once (a page asks for all)."""

    def __init__(self, ds: Dataset, lang: str):
        self.ds, self.lang, self.t = ds, lang, STRINGS[lang]
        self.sep = self.t["list_sep"]
        self.countries = {r.iso3: (r.name_zh, r.name_en) for r in ds.basemap.itertuples()}
        self.items: dict[str, list] = {}
        for item in ds.case_drugs.itertuples():
            self.items.setdefault(item.case_id, []).append(item)

    def pick(self, row: dict, base: str) -> str:
        """A row's text in this language, else the Chinese (the source's) text."""
        value = row.get(f"{base}_{self.lang}")
        return text(row.get(f"{base}_zh") if missing(value) or value == "" else value)

    def code(self, codes: str, code) -> str:
        return label(codes, code, self.lang) if not missing(code) and code else ""

    def country(self, iso3) -> str:
        names = self.countries.get(iso3)
        return (names[0] if self.lang == "zh" else names[1]) if names else text(iso3)

    def _rows(self, *rows: tuple) -> tuple[Row, ...]:
        """(key of the label, value[, key of the unit]) -> Rows, leaving out what has no value."""
        out = []
        for key, value, *unit in rows:
            if value:
                out.append(Row(self.t[key], value, self.t[unit[0]] if unit else ""))
        return tuple(out)

    def feature(self, kind: str, row: dict) -> Details:
        details = getattr(self, f"_{kind}")(row)
        stamp = self.ds.stamps.get(KIND_FRAMES[kind], {}).get((row["id"],))
        if stamp is None:  # a file, not a shared workspace: no one else's changes to name
            return details
        changed = Row(self.t["last_changed"], f"{stamp.who} · {stamp.when} · v{stamp.version}")
        return replace(details, rows=(*details.rows, changed))

    def _posts(self, p: dict) -> Details:
        title = f"{self.code('agencies_short', p['agency'])} · {self.pick(p, 'city')}"
        return Details(title, self.code("agencies", p["agency"]), self._rows(
            ("agency", self.code("agencies", p["agency"])), ("country", self.country(p["country"])),
            ("post_count", number(p["posts"])), ("location", self.code("location_bases", p["location_basis"])),
            ("post_opened", text(p.get("opened") or "")), ("post_closed", text(p.get("closed") or "")),
            ("coordinates", f"{p['lat']:.4f}, {p['lon']:.4f}"),
        ), text(p["source"]))

    def _customs(self, p: dict) -> Details:
        partial = self.t["list_partial"] if p.get("list_complete") == "no" else ""
        place = " · ".join(filter(None, (self.code("location_bases", p["location_basis"]), self.pick(p, "place"))))
        return Details(self.pick(p, "counterpart") or self.country(p["country"]), self.code("customs_tiers", p["tier"]),
                       self._rows(("country", self.country(p["country"])), ("tier", self.pick(p, "tier") + partial),
                                  ("mechanism", self.pick(p, "mechanism")), ("location", place)),
                       text(p["source"]))

    def _agencies(self, codes) -> str:
        return self.sep.join(self.code("agencies", a) for a in (codes or ()))

    def _cases(self, p: dict) -> Details:
        drugs = self.sep.join(
            f"{self.code('drugs', i.drug)} {number(i.quantity)} {self.code('units', i.unit)}".strip()
            for i in self.items.get(p["id"], ())
        )
        place = self.pick(p, "place") + self.t["parenthesised"].format(text=self.country(p["country"]))
        return Details(f"{text(p['date_text'])} · {self.pick(p, 'place')}", self._agencies(p["agencies"]), self._rows(
            ("date", text(p["date_text"])), ("place", place),
            ("location", self.code("location_bases", p["location_basis"])), ("partners", self.pick(p, "partners")),
            ("drugs", drugs), ("suspects", number(p["suspects"]), "people"), ("mode", self.code("modes", p["mode"])),
            ("summary", self.pick(p, "summary")),
        ), text(p["source"]))

    def _routes(self, p: dict) -> Details:
        quantity = number(p["quantity_kg"]) if not missing(p["quantity_kg"]) and p["quantity_kg"] else ""
        km = distance_km(p["origin_lon"], p["origin_lat"], p["destination_lon"], p["destination_lat"])
        return Details(f"{self.pick(p, 'origin')} → {self.pick(p, 'destination')}", self.code("route_bases", p["basis"]),
                       self._rows(
                           ("drugs", self.sep.join(self.code("drugs", d) for d in p["drugs"])),
                           ("mode", self.code("modes", p["mode"])), ("agency", self._agencies(p["agencies"])),
                           ("stated_quantity", quantity, "kg"), ("distance", number(round(km)), "km"),
                           ("location", self.code("location_bases", p["location_basis"])), ("note", text(p["note_zh"])),
                       ), text(p["source"]))

    def country_summary(self, iso3: str, detention: dict | None, posts: list[dict], cases: list[dict],
                        routes: list[dict], customs: list[dict]) -> Details:
        """A country: its detention figures and one line per post, case, route and customs partner touching it."""
        lists = self._lists(posts, cases, routes, customs)
        d = detention or {}
        rows = self._rows(
            ("detained", number(d.get("detained")), "people"), ("life", number(d.get("life")), "people"),
            ("death", number(d.get("death")), "people"), ("as_of", text(d.get("as_of"))),
            ("snapshots", self._history(d.get("history") or [])),
        )
        sections = tuple(Section(self.t[key], tuple(lines[:SECTION_LINES]), len(lines))
                         for key, lines in lists.items() if lines)
        return Details(self.country(iso3), iso3, rows, text(d.get("source")), sections)

    def _history(self, history: list[tuple[str, int]]) -> str | None:
        """Every year's count where there is more than one: '2018-10-31 66 → 2019-10-31 70 (+4)'."""
        if len(history) < 2:
            return None
        delta = history[-1][1] - history[0][1]
        return " → ".join(f"{date} {n:,}" for date, n in history) + f" ({'+' if delta > 0 else ''}{delta:,})"

    def _lists(self, posts: list[dict], cases: list[dict], routes: list[dict], customs: list[dict]) -> dict:
        return {
            "posts_here": [f"{self.code('agencies', r['agency'])} · {self.pick(r, 'city')}"
                           + (f" ×{r['posts']}" if r["posts"] > 1 else "") for r in posts],
            "cases_here": [f"{text(r['date_text'])} · {self.pick(r, 'summary')}" for r in cases],
            "routes_here": [f"{self.pick(r, 'origin')} → {self.pick(r, 'destination')}"
                            + self.t["parenthesised"].format(text=self.code("route_bases", r["basis"])) for r in routes],
            "customs_here": [self.pick(r, "tier") for r in customs],
        }

    def country_details(self, facts: CountryFacts) -> Details:
        touching = (getattr(facts, k).to_dict("records") for k in ("posts", "cases", "routes", "customs"))
        return self.country_summary(facts.iso3, facts.detention, *touching)


def _records(ds: Dataset, kind: str) -> list[dict]:
    return getattr(ds, KIND_FRAMES[kind]).drop(columns="geometry", errors="ignore").to_dict("records")


def details(ds: Dataset, kind: str, key: str, lang: str) -> Details | None:
    """One feature's or country's details; None when the key is not in the data."""
    presenter = Presenter(ds, lang)
    if kind == "country":
        facts = country_facts(ds, key)
        return None if facts is None else presenter.country_details(facts)
    row = feature_row(ds, kind, key)
    return None if row is None else presenter.feature(kind, row)


def feature_records(ds: Dataset) -> dict[str, list[dict]]:
    """Every feature as a dict, per kind: what page_details reads (4 s for 100,000 cases: read it once)."""
    return {kind: _records(ds, kind) for kind in KIND_FRAMES}


def page_details(ds: Dataset, lang: str, left_out: tuple[str, ...] = (),
                 records: dict[str, list[dict]] | None = None) -> dict[str, dict[str, list]]:
    """Every feature's (but those of the kinds left out) and every country's details in one language,
    as the page's popups show them.

    Read once and grouped by country in one pass: a page holds thousands of features.
    """
    presenter = Presenter(ds, lang)
    records = records or feature_records(ds)
    out: dict[str, dict[str, list]] = {
        kind: {r["id"]: presenter.feature(kind, r).to_json() for r in rows}
        for kind, rows in records.items() if kind not in left_out
    }
    touching: dict[str, dict[str, list[dict]]] = {iso3: {k: [] for k in KIND_FRAMES} for iso3 in ds.basemap["iso3"]}
    for kind, rows in records.items():
        for r in rows:
            places = (r["origin_country"], r["destination_country"]) if kind == "routes" else (r["country"],)
            for iso3 in dict.fromkeys(places):
                if iso3 in touching:
                    touching[iso3][kind].append(r)
    years = history(ds)
    detained = {r["country"]: {**r, "history": years.get(r["country"], [])}
                for r in ds.detentions.drop(columns="geometry", errors="ignore").to_dict("records")}
    out["country"] = {
        iso3: presenter.country_summary(iso3, detained.get(iso3), t["posts"], t["cases"], t["routes"], t["customs"]).to_json()
        for iso3, t in touching.items()
    }
    return out
