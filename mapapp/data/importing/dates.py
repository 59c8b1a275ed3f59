"""Dates as officers write them: ROC (107.1.12, 107年1月12日, 1070112) or Western, to ISO."""

from __future__ import annotations

import re

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
