"""Colours and sizes of the map's symbols; the panels use the same ones so the legend agrees."""

from __future__ import annotations

import math

AGENCY_COLOURS = {"NPA": "#1f4e9c", "MJIB": "#7a2e8c", "CGA": "#0e7c7b", "CUSTOMS": "#b06f00"}
AGENCY_GLYPHS = {"NPA": ("警", "P"), "MJIB": ("調", "I"), "CGA": ("海", "C"), "CUSTOMS": ("關", "K")}  # (zh, en)
CUSTOMS_PARTNER_GLYPH = ("關", "C")  # a customs partner's symbol, (zh, en)
# Okabe-Ito: tells drugs apart for the colour-blind and on a washed-out projector.
DRUG_COLOURS = {
    "ketamine": "#0072b2",
    "methamphetamine": "#d55e00",
    "heroin": "#cc79a7",
    "cannabis": "#009e73",
    "cocaine": "#e69f00",
    "ephedrine": "#56b4e9",
    "hydroxylamine": "#8c7a00",
}
TIER_COLOURS = {"signed": "#2e7d32", "unsigned": "#ef6c00", "cross_strait": "#6a1b9a"}
# Detained nationals: class breaks (upper bounds) and a sequential red ramp.
DETENTION_BREAKS = (5, 30, 60, 100)
DETENTION_COLOURS = ("#fde0d2", "#fbb195", "#f4815e", "#dc4631", "#a50f15")
# Countries on the basemap, per theme (projector: darker borders, a lighter fill), and Taiwan set apart.
BASEMAP_COLOURS = {
    "standard": {"border": "#8f8f8f", "fill": "#f4f1ea"},
    "projector": {"border": "#4d4d4d", "fill": "#fbf9f3"},
    "taiwan": {"border": "#6b5a00", "fill": "#fff3c4"},
}
HIGHLIGHT_COLOUR = "#ffc400"  # a scene's highlighted features (and the scene counter, in mapapp.css)
CASE_OUTLINE = "#ffffff"
# Planner gap map: covered blue, newly covered green, uncovered vermilion; the posts of a plan.
PLANNER_COLOURS = {
    "covered": "#1f78b4",
    "newly": "#1b9e77",
    "uncovered": "#e6550d",
    "existing": "#1f4e9c",
    "new": "#6a3d9a",
    "moved": "#d95f02",
    "removed": "#666666",
}


def route_weight(kg: float | None, max_kg: float) -> float:
    """Line width 2-8 px by the square root of the seized quantity; 2 px where unknown."""
    if not kg or math.isnan(kg) or not max_kg:
        return 2.0
    return round(2.0 + 6.0 * math.sqrt(kg / max_kg), 2)


def case_radius(kg: float | None, max_kg: float) -> float:
    """Circle radius 6-20 px by the square root of the quantity, so area tracks kilograms."""
    if not kg or math.isnan(kg) or not max_kg:
        return 6.0
    return round(6.0 + 14.0 * math.sqrt(kg / max_kg), 2)


def page_styles() -> dict:
    return {
        "agencies": AGENCY_COLOURS,
        "glyphs": {lang: {**{a: g[i] for a, g in AGENCY_GLYPHS.items()}, "customs": CUSTOMS_PARTNER_GLYPH[i]}
                   for i, lang in enumerate(("zh", "en"))},
        "drugs": DRUG_COLOURS,
        "tiers": TIER_COLOURS,
        "detentionBreaks": DETENTION_BREAKS,
        "detentionColours": DETENTION_COLOURS,
        "planner": PLANNER_COLOURS,
        "basemap": BASEMAP_COLOURS,
        "highlight": HIGHLIGHT_COLOUR,
        "caseOutline": CASE_OUTLINE,
    }
