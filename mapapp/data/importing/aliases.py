"""Names officers write for the columns and countries of the importable layers, Chinese or English."""

from __future__ import annotations

import re

from ..schema import IMPORTABLE


def norm(text: str) -> str:
    return re.sub(r"[\s_()（）\[\]【】:：/／.\-]", "", str(text)).lower()


# Header aliases per layer: normalised header text -> schema column.
_COMMON = {
    "country": ("國家", "國別", "國家地區", "國家/地區", "country", "nation", "iso3"),
    "agency": ("機關", "主辦機關", "agency"),
    "source": ("來源", "資料來源", "出處", "source"),
    "lat": ("緯度", "lat", "latitude", "y"),
    "lon": ("經度", "lon", "lng", "long", "longitude", "x"),
}
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "posts": {
        "id": ("編號", "代碼", "id"),
        "place": ("城市", "駐地", "地點", "駐點", "city", "place", "location"),
        "posts": ("員額", "人數", "據點數", "posts", "officers"),
        "region": ("地區", "洲別", "區域", "region", "continent"),
    },
    "detentions": {
        "detained": ("關押人數", "在押人數", "被關押人數", "人數", "detained"),
        "life": ("無期", "無期徒刑", "遭判無期", "life"),
        "death": ("死刑", "遭判死刑", "death"),
        "as_of": ("統計截至", "截至日期", "截至", "日期", "as_of", "date"),
    },
    "results": {
        "year_roc": ("年度", "民國年", "年", "year", "year_roc"),
        "months": ("月份", "期間", "months"),
        "cases": ("件數", "案件數", "cases"),
        "partner_countries": ("合作國家數", "合作國家", "partner_countries", "partners"),
        "tonnes": ("毒品總重噸", "毒品總重", "噸", "重量噸", "tonnes", "tons"),
    },
    "cases": {
        "id": ("編號", "案號", "id"),
        "agencies": ("協辦機關", "參與機關", "agencies"),
        "date_start": ("日期", "查獲日期", "破獲日期", "起始日期", "date", "date_start"),
        "date_end": ("結束日期", "迄日", "date_end"),
        "place": ("地點", "查獲地點", "城市", "place", "city"),
        "partners_zh": ("合作對象", "合作單位", "partners_zh", "partners"),
        "partners_en": ("partners_en",),
        "suspects": ("嫌犯", "嫌犯人數", "suspects"),
        "mode": ("走私方式", "運輸方式", "mode"),
        "summary_zh": ("摘要", "案情", "案情摘要", "summary_zh", "summary"),
        "summary_en": ("summary_en",),
        "drug": ("毒品", "毒品種類", "drug"),
        "quantity": ("數量", "重量", "quantity"),
        "unit": ("單位", "unit"),
    },
    "routes": {
        "id": ("編號", "id"),
        "case_id": ("案號", "case_id"),
        "seq": ("順序", "段", "seq"),
        "origin": ("起點", "起運地", "起運港", "origin", "from"),
        "destination": ("終點", "目的地", "destination", "to"),
        "mode": ("走私方式", "運輸方式", "mode"),
        "drugs": ("毒品", "drugs", "drug"),
        "agencies": ("機關", "agencies", "agency"),
        "basis": ("依據", "basis"),
        "note_zh": ("說明", "備註", "note", "note_zh"),
    },
    "prices": {
        "drug": ("毒品", "毒品種類", "drug"),
        "year": ("年度", "年", "year"),
        "price_per_gram": ("每公克價格", "每克價格", "價格", "price_per_gram", "price"),
        "currency": ("幣別", "貨幣", "currency"),
    },
}
_COMMON["location_basis"] = ("位置依據", "location_basis")  # our own exports carry it: a re-import keeps it
COMMON_COLUMNS = frozenset(_COMMON)  # in every layer: they tell no layer from another
for _layer in IMPORTABLE:
    for _col in COMMON_COLUMNS:
        ALIASES[_layer].setdefault(_col, _COMMON[_col])



# Names officers write that differ from the basemap's (Taiwan usage first, then common variants).
COUNTRY_ALIASES = {
    "南韓": "KOR", "大韓民國": "KOR", "北韓": "PRK", "中國": "CHN", "大陸": "CHN", "陸方": "CHN",
    "中華人民共和國": "CHN", "新西蘭": "NZL", "老撾": "LAO", "高棉": "KHM", "印度尼西亞": "IDN",
    "澳大利亞": "AUS", "大馬": "MYS", "星加坡": "SGP", "美利堅合眾國": "USA", "英格蘭": "GBR",
    "中華民國": "TWN", "台灣": "TWN", "臺灣": "TWN", "south korea": "KOR", "korea": "KOR",
    "mainland china": "CHN", "china": "CHN", "usa": "USA", "us": "USA", "uk": "GBR", "vietnam": "VNM",
}
