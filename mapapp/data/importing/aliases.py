"""Names officers write for the columns and countries of the importable layers, Chinese or English."""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..schema import BY_NAME, IMPORTABLE

# Simplified characters officers' sheets use in headers, and word variants that mean the same.
_SIMPLIFIED = str.maketrans("统计国数关押无期刑种类来源机关查获量单位编号区域员额据点时间价格币别称别总", "統計國數關押無期刑種類來源機關查獲量單位編號區域員額據點時間價格幣別稱別總")
_VARIANTS = (("截止", "截至"), ("日期", "日"), ("人數", "數"), ("姓名", "名稱"))


def norm(text: str) -> str:
    """A header as its meaning: full-width folded (NFKC), simplified to traditional, spaces and
    punctuation dropped, lower case, and the variants officers write (截止/截至, 日期/日) made one."""
    out = re.sub(r"[\s_()（）\[\]【】:：/／.\-]", "", unicodedata.normalize("NFKC", str(text))).lower().translate(_SIMPLIFIED)
    for variant, canonical in _VARIANTS:
        out = out.replace(variant, canonical)
    return out


def closest(layer: str, header: str, n: int = 3) -> list[tuple[str, str, float]]:
    """The layer's columns a header most resembles: (column, the alias it is near, similarity 0-1)."""
    h, found = norm(header), {}
    for column, aliases in ALIASES[layer].items():
        for alias in aliases:
            ratio = difflib.SequenceMatcher(None, h, norm(alias)).ratio()
            if ratio > found.get(column, ("", 0.0))[1]:
                found[column] = (alias, ratio)
    ranked = sorted(((c, a, r) for c, (a, r) in found.items()), key=lambda x: -x[2])
    return ranked[:n]


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
