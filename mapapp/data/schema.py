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
    aliases: tuple[str, ...] = ()  # headers officers write for it, Chinese or English (imports match these)


@dataclass(frozen=True)
class Layer:
    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _text(name: str, required: bool = True, aliases: tuple[str, ...] = ()) -> Column:
    return Column(name, "text", required, aliases=aliases)


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
        _text("id", aliases=("編號", "代碼", "id")),
        Column("agency", "code", codes=AGENCIES),
        Column("place", "place", aliases=("城市", "駐地", "地點", "駐點", "city", "place", "location")),
        Column("posts", "int", minimum=1, aliases=("員額", "人數", "據點數", "posts", "officers")),
        Column("location_basis", "code", codes=LOCATION_BASES),
        Column("region", "code", codes=REGIONS, aliases=("地區", "洲別", "區域", "region", "continent")),
        _text("source"),
        # When the post opened and closed. Blank opened: open since before the figures began (the
        # briefing gives no dates); blank closed: open now. A closed post keeps its row.
        Column("opened", "date", required=False, aliases=("設立日期", "成立日期", "派駐日期", "開設日期", "opened")),
        Column("closed", "date", required=False, aliases=("裁撤日期", "撤銷日期", "關閉日期", "撤離日期", "closed")),
    ),
    key=("id",),
)

DETENTIONS = Layer(
    "detentions",
    "detentions.csv",
    (
        Column("country", "country"),
        Column("detained", "int", minimum=0, aliases=("關押人數", "在押人數", "被關押人數", "人數", "detained")),
        Column("life", "int", minimum=0, aliases=("無期", "無期徒刑", "遭判無期", "life")),
        Column("death", "int", minimum=0, aliases=("死刑", "遭判死刑", "death")),
        Column("as_of", "date", aliases=("統計截至", "截至日期", "統計截至日期", "截至", "日期", "as_of", "date")),
        _text("source"),
    ),
    # A snapshot per as-of date: an import of a newer date adds one, the same date corrects it.
    key=("country", "as_of"),
)

RESULTS = Layer(
    "results",
    "results.csv",
    (
        Column("year_roc", "int", minimum=1, aliases=("年度", "民國年", "年", "year", "year_roc")),
        _text("months", aliases=("月份", "期間", "months")),
        Column("agency", "code", codes=AGENCIES),
        Column("cases", "int", minimum=0, aliases=("件數", "案件數", "cases")),
        Column("partner_countries", "int", minimum=0, aliases=("合作國家數", "合作國家", "partner_countries", "partners")),
        Column("tonnes", "float", minimum=0, aliases=("毒品總重噸", "毒品總重", "噸", "重量噸", "tonnes", "tons")),
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
        _text("id", aliases=("編號", "案號", "id")),
        Column("agency", "code", codes=AGENCIES),
        Column("agencies", "codes", codes=AGENCIES, aliases=("協辦機關", "參與機關", "agencies")),
        Column("date_start", "date", aliases=("日期", "查獲日期", "破獲日期", "起始日期", "date", "date_start")),
        Column("date_end", "date", required=False, aliases=("結束日期", "迄日", "date_end")),
        _text("date_text"),
        Column("place", "place", aliases=("地點", "查獲地點", "城市", "place", "city")),
        Column("location_basis", "code", codes=LOCATION_BASES),
        _text("partners_zh", aliases=("合作對象", "合作單位", "partners_zh", "partners")),
        _text("partners_en", required=False, aliases=("partners_en",)),  # English is ours to add: the page falls back to zh
        Column("suspects", "int", required=False, minimum=0, aliases=("嫌犯", "嫌犯人數", "suspects")),
        Column("mode", "code", required=False, codes=MODES, aliases=("走私方式", "運輸方式", "mode")),
        _text("summary_zh", aliases=("摘要", "案情", "案情摘要", "summary_zh", "summary")),
        _text("summary_en", required=False, aliases=("summary_en",)),
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
        _text("id", aliases=("編號", "id")),
        _text("case_id", required=False, aliases=("案號", "case_id")),
        Column("seq", "int", minimum=1, aliases=("順序", "段", "seq")),
        Column("origin", "place", aliases=("起點", "起運地", "起運港", "origin", "from")),
        Column("destination", "place", aliases=("終點", "目的地", "destination", "to")),
        Column("mode", "code", codes=MODES, aliases=("走私方式", "運輸方式", "mode")),
        Column("drugs", "codes", codes=DRUGS, aliases=("毒品", "drugs", "drug")),
        Column("agencies", "codes", required=False, codes=AGENCIES, aliases=("機關", "agencies", "agency")),
        Column("basis", "code", codes=ROUTE_BASES, aliases=("依據", "basis")),
        Column("location_basis", "code", codes=LOCATION_BASES),
        _text("note_zh", required=False, aliases=("說明", "備註", "note", "note_zh")),
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
        Column("drug", "code", codes=DRUGS, aliases=("毒品", "毒品種類", "drug")),
        Column("year", "int", minimum=1900, aliases=("年度", "年", "year")),
        Column("price_per_gram", "float", minimum=0, aliases=("每公克價格", "每克價格", "價格", "price_per_gram", "price")),
        _text("currency", aliases=("幣別", "貨幣", "currency")),
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

# The planner's own tables, beside the layers in a data folder (not in a workspace): where a post of
# ours can stand, and the channels (agreements) that answer for need where none can.
HOST_STATUSES = ("post", "no_post", "channel")
HOSTS = Layer(
    "hosts",
    "hosts.csv",
    (
        Column("country", "country"),
        Column("agency", "code", required=False, codes=AGENCIES),  # empty: every agency
        Column("status", "code", codes=HOST_STATUSES),
        _text("channel", required=False),  # a channels.csv id, for status "channel"
        _text("reason_zh"),
        _text("reason_en"),
        _text("source"),
    ),
    key=("country", "agency"),
)
CHANNELS = Layer(
    "channels",
    "channels.csv",
    (
        _text("id"),
        _text("name_zh"),
        _text("name_en"),
        _text("countries"),  # ISO3 codes, ";"-separated, checked against the basemap by analysis/hosts.py
        Column("agencies", "codes", codes=AGENCIES),
        Column("effectiveness", "float", minimum=0),
        _text("effectiveness_source"),
        _text("source"),
    ),
    key=("id",),
)

# Cost per officer per year, by place id or country ("*": every other); none shipped without a source.
COSTS = Layer(
    "costs",
    "costs.csv",
    (
        _text("key", aliases=("地點", "國家", "place", "country")),
        Column("cost_per_officer_year", "float", minimum=0, aliases=("每人每年成本", "成本", "cost")),
        _text("currency", aliases=("幣別", "currency")),
        _text("source"),
    ),
    key=("key",),
)

BASEMAP_FILE = "basemap/countries.geojson"
BY_NAME = {layer.name: layer for layer in LAYERS}
