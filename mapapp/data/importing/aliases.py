"""Names officers write for the columns and countries of the importable layers, Chinese or English."""

from __future__ import annotations

import re

from ..schema import BY_NAME, IMPORTABLE


def norm(text: str) -> str:
    return re.sub(r"[\s_()（）\[\]【】:：/／.\-]", "", str(text)).lower()


# Headers that any importable layer may carry (a post's or a case's country and coordinates locate a
# place even though the layer stores only the place); the layers' own columns carry theirs (schema.py).
_COMMON = {
    "country": ("國家", "國別", "國家地區", "國家/地區", "country", "nation", "iso3"),
    "agency": ("機關", "主辦機關", "agency"),
    "source": ("來源", "資料來源", "出處", "source"),
    "lat": ("緯度", "lat", "latitude", "y"),
    "lon": ("經度", "lon", "lng", "long", "longitude", "x"),
    "location_basis": ("位置依據", "location_basis"),  # our own exports carry it: a re-import keeps it
}
COMMON_COLUMNS = frozenset(_COMMON)  # in every layer: they tell no layer from another
# Cells a row of a layer may carry that are not its columns: a case row's drug and quantity.
_EXTRA = {
    "cases": {
        "drug": ("毒品", "毒品種類", "drug"),
        "quantity": ("數量", "重量", "quantity"),
        "unit": ("單位", "unit"),
    },
}


def _aliases(layer: str) -> dict[str, tuple[str, ...]]:
    out = {c.name: c.aliases for c in BY_NAME[layer].columns if c.aliases} | _EXTRA.get(layer, {})
    for column, aliases in _COMMON.items():
        out.setdefault(column, aliases)
    return out


ALIASES = {layer: _aliases(layer) for layer in IMPORTABLE}  # layer -> column -> the headers that mean it


# Names officers write that differ from the basemap's (Taiwan usage first, then common variants).
COUNTRY_ALIASES = {
    "南韓": "KOR", "大韓民國": "KOR", "北韓": "PRK", "中國": "CHN", "大陸": "CHN", "陸方": "CHN",
    "中華人民共和國": "CHN", "新西蘭": "NZL", "老撾": "LAO", "高棉": "KHM", "印度尼西亞": "IDN",
    "澳大利亞": "AUS", "大馬": "MYS", "星加坡": "SGP", "美利堅合眾國": "USA", "英格蘭": "GBR",
    "中華民國": "TWN", "台灣": "TWN", "臺灣": "TWN", "south korea": "KOR", "korea": "KOR",
    "mainland china": "CHN", "china": "CHN", "usa": "USA", "us": "USA", "uk": "GBR", "vietnam": "VNM",
}
