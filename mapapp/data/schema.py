"""Layer schemas and code lists: the one place that says what a data file may hold.

Every shipped layer is a CSV file under data/; a schema names its columns, their
kinds and the code lists they draw from, so loading and validation share one truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data"  # the shipped data folder
SCENES_FILE = "scenes.json"  # beside the layers in a data folder

AGENCIES = ("NPA", "MJIB", "CGA", "CUSTOMS")
# The layers an import can add rows to, and the files it reads.
IMPORTABLE = ("posts", "detentions", "results", "cases", "routes", "prices")
SUFFIXES = (".csv", ".txt", ".xlsx", ".geojson", ".json", ".gpkg")
DRUGS = ("ketamine", "methamphetamine", "heroin", "cannabis", "cocaine", "ephedrine", "hydroxylamine")
MODES = ("sea", "air", "mail", "land", "unknown")
LOCATION_BASES = ("stated", "capital_assumed", "assumed")
ROUTE_BASES = ("case", "schematic")
CUSTOMS_TIERS = ("signed", "unsigned", "cross_strait")
UNITS = ("kg", "seeds")
REGIONS = ("asia", "americas", "europe", "africa", "oceania")
PLACE_KINDS = ("capital", "city", "port", "airport")
YES_NO = ("yes", "no")

# kinds: text, int, float, date (YYYY, YYYY-MM or YYYY-MM-DD), code, codes (";"-separated),
# place (an id in places.csv), country (an ISO 3166-1 alpha-3 code in the basemap), lat, lon.


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = True
    codes: tuple[str, ...] = ()
    minimum: float | None = None


@dataclass(frozen=True)
class Layer:
    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _text(name: str, required: bool = True) -> Column:
    return Column(name, "text", required)


PLACES = Layer(
    "places",
    "places.csv",
    (
        _text("id"),
        _text("name_zh"),
        _text("name_en"),
        Column("country", "country"),
        Column("kind", "code", codes=PLACE_KINDS),
        Column("geonameid", "int", required=False),
        Column("lat", "lat"),
        Column("lon", "lon"),
        _text("source"),
    ),
    key=("id",),
)

POSTS = Layer(
    "posts",
    "posts.csv",
    (
        _text("id"),
        Column("agency", "code", codes=AGENCIES),
        Column("place", "place"),
        Column("posts", "int", minimum=1),
        Column("location_basis", "code", codes=LOCATION_BASES),
        Column("region", "code", codes=REGIONS),
        _text("source"),
    ),
    key=("id",),
)

DETENTIONS = Layer(
    "detentions",
    "detentions.csv",
    (
        Column("country", "country"),
        Column("detained", "int", minimum=0),
        Column("life", "int", minimum=0),
        Column("death", "int", minimum=0),
        Column("as_of", "date"),
        _text("source"),
    ),
    key=("country",),
)

RESULTS = Layer(
    "results",
    "results.csv",
    (
        Column("year_roc", "int", minimum=1),
        _text("months"),
        Column("agency", "code", codes=AGENCIES),
        Column("cases", "int", minimum=0),
        Column("partner_countries", "int", minimum=0),
        Column("tonnes", "float", minimum=0),
        _text("source"),
    ),
    key=("year_roc", "agency"),
)

STATED_TOTALS = Layer(
    "stated_totals",
    "stated_totals.csv",
    (
        Column("layer", "code", codes=("results", "detentions", "posts")),
        _text("scope"),
        _text("measure"),
        Column("stated", "float", minimum=0),
        Column("known_discrepancy", "code", required=False, codes=YES_NO),
        _text("note", required=False),
        _text("source"),
    ),
    key=("layer", "scope", "measure"),
)

CUSTOMS_TIER_TEXT = Layer(
    "customs_tiers",
    "customs_tiers.csv",
    (
        Column("tier", "code", codes=CUSTOMS_TIERS),
        _text("name_zh"),
        _text("name_en"),
        Column("list_complete", "code", codes=YES_NO),
        _text("mechanism_zh"),
        _text("mechanism_en"),
        _text("source"),
    ),
    key=("tier",),
)

CUSTOMS_PARTNERS = Layer(
    "customs_partners",
    "customs_partners.csv",
    (
        _text("id"),
        Column("tier", "code", codes=CUSTOMS_TIERS),
        Column("country", "country"),
        _text("counterpart_zh", required=False),
        _text("counterpart_en", required=False),
        Column("place", "place"),
        Column("location_basis", "code", codes=LOCATION_BASES),
        _text("source"),
    ),
    key=("id",),
)

CASES = Layer(
    "cases",
    "cases.csv",
    (
        _text("id"),
        Column("agency", "code", codes=AGENCIES),
        Column("agencies", "codes", codes=AGENCIES),
        Column("date_start", "date"),
        Column("date_end", "date", required=False),
        _text("date_text"),
        Column("place", "place"),
        Column("location_basis", "code", codes=LOCATION_BASES),
        _text("partners_zh"),
        _text("partners_en", required=False),  # English is ours to add: the page falls back to zh
        Column("suspects", "int", required=False, minimum=0),
        Column("mode", "code", required=False, codes=MODES),
        _text("summary_zh"),
        _text("summary_en", required=False),
        _text("source"),
    ),
    key=("id",),
)

CASE_DRUGS = Layer(
    "case_drugs",
    "case_drugs.csv",
    (
        _text("case_id"),
        Column("drug", "code", codes=DRUGS),
        Column("quantity", "float", minimum=0),
        Column("unit", "code", codes=UNITS),
        _text("text_zh"),
    ),
    key=("case_id", "drug"),
)

ROUTES = Layer(
    "routes",
    "routes.csv",
    (
        _text("id"),
        _text("case_id", required=False),
        Column("seq", "int", minimum=1),
        Column("origin", "place"),
        Column("destination", "place"),
        Column("mode", "code", codes=MODES),
        Column("drugs", "codes", codes=DRUGS),
        Column("agencies", "codes", required=False, codes=AGENCIES),
        Column("basis", "code", codes=ROUTE_BASES),
        Column("location_basis", "code", codes=LOCATION_BASES),
        _text("note_zh", required=False),
        _text("source"),
    ),
    key=("id",),
)

# Asia-Pacific retail drug prices: the briefing shows a survey picture with no figures, so no
# rows ship; officers import surveys (price per gram by country and drug) from their sources.
PRICES = Layer(
    "prices",
    "prices.csv",
    (
        Column("country", "country"),
        Column("drug", "code", codes=DRUGS),
        Column("year", "int", minimum=1900),
        Column("price_per_gram", "float", minimum=0),
        _text("currency"),
        _text("source"),
    ),
    key=("country", "drug", "year"),
)

# Where set, the countries a post at a place answers for, instead of a travel radius
# (e.g. a Bangkok post accredited to Laos and Cambodia). The document gives none; ship none.
COVERAGE_LISTS = Layer(
    "coverage_lists",
    "coverage_lists.csv",
    (
        Column("place", "place"),
        Column("agency", "code", required=False, codes=AGENCIES),
        Column("country", "country"),
        _text("source"),
    ),
    key=("place", "agency", "country"),
)

COUNTRY_NAMES = Layer(
    "country_names",
    "country_names.csv",
    (_text("iso3"), _text("name_zh"), _text("name_en"), _text("note", required=False)),
    key=("iso3",),
)

# Load order matters: places and country names are looked up by the layers after them.
LAYERS = (
    COUNTRY_NAMES,
    PLACES,
    POSTS,
    DETENTIONS,
    RESULTS,
    STATED_TOTALS,
    CUSTOMS_TIER_TEXT,
    CUSTOMS_PARTNERS,
    CASES,
    CASE_DRUGS,
    ROUTES,
    COVERAGE_LISTS,
    PRICES,
)

BASEMAP_FILE = "basemap/countries.geojson"
BY_NAME = {layer.name: layer for layer in LAYERS}
