"""Rules across rows and files: keys, references, dates, and totals the document states.

Cell-level checks (types, code lists, ranges) happen while reading; these rules need
whole tables. Each finding names the file, line and column to fix.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from .issues import Issue
from .schema import AGENCIES
from .tables import Table, date_key

Tables = dict[str, Table]


def _columns(table: Table, *names: str):
    """Rows as (line, value, value, ...): plain tuples, ~50x faster than DataFrame.iterrows."""
    return zip(table.lines, *(table.frame[n] for n in names))


def duplicate_keys(table: Table) -> list[Issue]:
    key = table.layer.key
    if not key or table.frame.empty:
        return []
    dup = table.frame.duplicated(subset=list(key), keep="first")
    return [
        Issue(table.layer.file, table.line(i), key[0], f"duplicate {'/'.join(key)} {tuple(table.frame.loc[i, list(key)])}")
        for i in dup[dup].index
    ]


def references(table: Table, places: set[str], countries: set[str]) -> list[Issue]:
    issues = []
    for column in table.layer.columns:
        if column.kind == "place":
            known, what = places, "place id (see places.csv)"
        elif column.kind == "country":
            known, what = countries, "country code (ISO 3166-1 alpha-3 in the basemap)"
        else:
            continue
        for line, value in _columns(table, column.name):
            if value is not None and value not in known:
                issues.append(Issue(table.layer.file, line, column.name, f"unknown {what}: {value!r}"))
    return issues


def drugs_by_case(case_drugs: pd.DataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for case_id, drug in zip(case_drugs["case_id"], case_drugs["drug"]):
        out.setdefault(case_id, []).append(drug)
    return out


def case_rules(cases: Table, case_drugs: Table) -> list[Issue]:
    issues = []
    f = cases.layer.file
    for line, start, end, agency, agencies in _columns(cases, "date_start", "date_end", "agency", "agencies"):
        if end and date_key(end) < date_key(start):
            issues.append(Issue(f, line, "date_end", f"{end} is before date_start {start}"))
        if agency not in agencies:
            issues.append(Issue(f, line, "agencies", f"lead agency {agency} is not among the agencies"))
    known = set(cases.frame["id"])
    with_drugs = set()
    for line, case_id in _columns(case_drugs, "case_id"):
        if case_id not in known:
            issues.append(Issue(case_drugs.layer.file, line, "case_id", f"unknown case {case_id!r}"))
        with_drugs.add(case_id)
    for i, case_id in enumerate(cases.frame["id"]):
        if case_id not in with_drugs:
            issues.append(Issue(f, cases.line(i), "id", f"case {case_id!r} has no drugs in {case_drugs.layer.file}"))
    return issues


def route_rules(routes: Table, cases: Table, case_drugs: Table) -> list[Issue]:
    issues = []
    f = routes.layer.file
    drugs_of = drugs_by_case(case_drugs.frame)
    known = set(cases.frame["id"])
    for line, origin, destination, basis, case_id, drugs, agencies in _columns(
        routes, "origin", "destination", "basis", "case_id", "drugs", "agencies"
    ):
        if origin == destination:
            issues.append(Issue(f, line, "destination", "destination is the origin"))
        if basis == "case":
            if not case_id:
                issues.append(Issue(f, line, "case_id", "a route with basis=case needs its case_id"))
            elif case_id not in known:
                issues.append(Issue(f, line, "case_id", f"unknown case {case_id!r}"))
            else:
                extra = set(drugs) - set(drugs_of.get(case_id, ()))
                if extra:
                    issues.append(Issue(f, line, "drugs", f"{sorted(extra)[0]!r} is not among the drugs of case {case_id!r}"))
            if not agencies:
                issues.append(Issue(f, line, "agencies", "a route with basis=case needs its agencies"))
        elif case_id:
            issues.append(Issue(f, line, "case_id", "a schematic route belongs to no case"))
    return issues


def detention_rules(detentions: Table) -> list[Issue]:
    return [
        Issue(detentions.layer.file, line, "detained", f"life + death ({life + death}) exceed detained ({detained})")
        for line, detained, life, death in _columns(detentions, "detained", "life", "death")
        if life + death > detained
    ]


def post_rules(posts: Table) -> list[Issue]:
    return [
        Issue(posts.layer.file, line, "closed", f"{closed} is before opened {opened}")
        for line, opened, closed in _columns(posts, "opened", "closed")
        if opened and closed and date_key(closed) < date_key(opened)
    ]


def tier_rules(partners: Table, tiers: Table) -> list[Issue]:
    described = set(tiers.frame["tier"])
    return [
        Issue(partners.layer.file, line, "tier", f"tier {tier!r} has no row in {tiers.layer.file}")
        for line, tier in _columns(partners, "tier")
        if tier not in described
    ]


BRIEF = "brief:"  # the source prefix of rows transcribed from the briefing


def _total_computer(tables: Tables, places: pd.DataFrame) -> Callable[[str, str, str], tuple[float, bool] | None]:
    """(sum of the rows in scope, whether every one of them comes from the briefing)."""
    results = tables["results"].frame
    detentions = _briefed_snapshot(tables["detentions"].frame)
    posts = tables["posts"].frame.merge(places[["id", "country"]], left_on="place", right_on="id", how="left")

    def total(rows: pd.DataFrame, measure: str) -> tuple[float, bool]:
        return float(rows[measure].sum()), bool(rows["source"].astype(str).str.startswith(BRIEF).all())

    def compute(layer: str, scope: str, measure: str) -> tuple[float, bool] | None:
        if layer == "results" and measure in ("cases", "tonnes") and scope.isdigit():
            rows = results[results["year_roc"] == int(scope)]
            return total(rows, measure) if len(rows) else None
        if layer == "detentions" and scope == "all" and measure in ("detained", "life", "death"):
            return total(detentions, measure)
        if layer == "posts" and measure == "posts" and ":" in scope:
            agency, country = scope.split(":", 1)
            if agency in AGENCIES:
                return total(posts[(posts["agency"] == agency) & (posts["country"] == country)], measure)
        return None

    return compute


def _briefed_snapshot(detentions: pd.DataFrame) -> pd.DataFrame:
    """The as-of date the briefing's detention totals are for (that of its own rows), so that a newer
    year's snapshot beside it does not add to them; the newest where no row is the briefing's."""
    briefed = detentions[detentions["source"].astype(str).str.startswith(BRIEF)]
    as_of = briefed["as_of"].min() if len(briefed) else detentions["as_of"].max()
    return detentions[detentions["as_of"] == as_of]


def stated_total_rules(tables: Tables, places: pd.DataFrame) -> list[Issue]:
    """The briefing's own totals against its rows. Once newer figures replace some of those rows
    (an import from another source), the briefing's total no longer describes them: a warning."""
    totals = tables["stated_totals"]
    compute = _total_computer(tables, places)
    issues = []
    f = totals.layer.file
    for i, row in totals.frame.iterrows():
        line = totals.line(i)
        found = compute(row["layer"], row["scope"], row["measure"])
        if found is None:
            issues.append(Issue(f, line, "scope", f"cannot compute {row['measure']} for {row['layer']} scope {row['scope']!r}"))
            continue
        actual, from_brief = found
        matches = math.isclose(actual, row["stated"], rel_tol=1e-9, abs_tol=1e-9)
        known = row["known_discrepancy"] == "yes"
        where = f"{row['layer']} {row['scope']} {row['measure']}"
        if not matches:
            message = f"{where}: rows add up to {actual:g}, the stated total is {row['stated']:g}"
            if not from_brief:
                issues.append(Issue(f, line, "stated", message + " (rows from other sources replace the briefing's)", "warning"))
            else:
                issues.append(Issue(f, line, "stated", message + (" (known discrepancy in the source)" if known else ""), "warning" if known else "error"))
        elif known:
            issues.append(Issue(f, line, "known_discrepancy", f"{where} is marked as a known discrepancy but adds up", "warning"))
    return issues


def cross_table_rules(tables: Tables, countries: set[str]) -> list[Issue]:
    """Every rule that needs more than one row; run once all files parsed."""
    issues: list[Issue] = []
    for table in tables.values():
        issues += duplicate_keys(table)
    place_ids = set(tables["places"].frame["id"])
    for table in tables.values():
        issues += references(table, place_ids, countries)
    issues += case_rules(tables["cases"], tables["case_drugs"])
    issues += route_rules(tables["routes"], tables["cases"], tables["case_drugs"])
    issues += detention_rules(tables["detentions"])
    issues += post_rules(tables["posts"])
    issues += tier_rules(tables["customs_partners"], tables["customs_tiers"])
    issues += stated_total_rules(tables, tables["places"].frame)
    return issues
