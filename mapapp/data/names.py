"""Display names in zh-TW (Taiwan usage) and English for every code the data uses."""

from __future__ import annotations

from . import schema

AGENCIES = {
    "NPA": ("內政部警政署", "National Police Agency"),
    "MJIB": ("法務部調查局", "Investigation Bureau (MJIB)"),
    "CGA": ("海洋委員會海巡署", "Coast Guard Administration"),
    "CUSTOMS": ("財政部關務署", "Customs Administration"),
}
AGENCIES_SHORT = {
    "NPA": ("警政署", "NPA"),
    "MJIB": ("調查局", "MJIB"),
    "CGA": ("海巡署", "CGA"),
    "CUSTOMS": ("關務署", "Customs"),
}
# 安非他命 in Taiwan seizure reports means methamphetamine (the network slide says 甲基安非他命).
DRUGS = {
    "ketamine": ("愷他命", "Ketamine"),
    "methamphetamine": ("安非他命", "Methamphetamine"),
    "heroin": ("海洛因", "Heroin"),
    "cannabis": ("大麻", "Cannabis"),
    "cocaine": ("古柯鹼", "Cocaine"),
    "ephedrine": ("麻黃鹼", "Ephedrine"),
    "hydroxylamine": ("鹽酸羥亞胺", "Hydroxylamine HCl"),
}
MODES = {
    "sea": ("海運", "Sea"),
    "air": ("空運", "Air"),
    "mail": ("郵包", "Mail"),
    "land": ("陸運", "Land"),
    "unknown": ("未載明", "Not stated"),
}
LOCATION_BASES = {
    "stated": ("原文載明", "Stated in the source"),
    "capital_assumed": ("以首都標示（假設）", "Capital (assumed)"),
    "assumed": ("位置為假設", "Assumed location"),
}
ROUTE_BASES = {
    "case": ("案例路線", "Case route"),
    "schematic": ("示意路線", "Schematic route"),
}
CUSTOMS_TIERS = {
    "signed": ("有簽署雙邊協議", "Bilateral agreement signed"),
    "unsigned": ("尚未簽署雙邊協議", "No agreement yet"),
    "cross_strait": ("兩岸與港澳", "Cross-strait, HK & Macao"),
}
UNITS = {"kg": ("公斤", "kg"), "seeds": ("顆", "seeds")}
REGIONS = {
    "asia": ("亞洲", "Asia"),
    "americas": ("美洲", "Americas"),
    "europe": ("歐洲", "Europe"),
    "africa": ("非洲", "Africa"),
    "oceania": ("大洋洲", "Oceania"),
}
# The parts of a planner need score (mapapp/analysis/need.py) and a place's role on a route.
NEED_PARTS = {
    "detained": ("被關押國人", "Nationals detained"),
    "life": ("無期徒刑", "Life sentences"),
    "death": ("死刑", "Death sentences"),
    "seizure_kg": ("查獲量（公斤）", "Seized (kg)"),
    "cases": ("案件", "Cases"),
    "routes": ("販運路線", "Routes"),
}
ROUTE_ROLES = {
    "origin": ("起運地", "origin"),
    "transit": ("轉運地", "transit"),
    "destination": ("目的地", "destination"),
}

CODE_LISTS = {
    "agencies": AGENCIES,
    "agencies_short": AGENCIES_SHORT,
    "drugs": DRUGS,
    "modes": MODES,
    "location_bases": LOCATION_BASES,
    "route_bases": ROUTE_BASES,
    "customs_tiers": CUSTOMS_TIERS,
    "units": UNITS,
    "regions": REGIONS,
    "need_parts": NEED_PARTS,
    "route_roles": ROUTE_ROLES,
}

assert set(AGENCIES) == set(schema.AGENCIES) and set(DRUGS) == set(schema.DRUGS)
assert set(MODES) == set(schema.MODES) and set(CUSTOMS_TIERS) == set(schema.CUSTOMS_TIERS)
assert set(REGIONS) == set(schema.REGIONS)


def label(codes: str, code: str, lang: str = "zh") -> str:
    zh, en = CODE_LISTS[codes][code]
    return zh if lang == "zh" else en


def by_language(lang: str) -> dict[str, dict[str, str]]:
    """All code lists in one language, as the page and the panels want them."""
    index = 0 if lang == "zh" else 1
    return {name: {code: pair[index] for code, pair in table.items()} for name, table in CODE_LISTS.items()}
