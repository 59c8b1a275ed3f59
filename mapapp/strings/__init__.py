"""The app's words: one table per language (zh.py, en.py), the same keys in each."""

from __future__ import annotations

from . import en, zh

STRINGS: dict[str, dict] = {"zh": zh.TABLE, "en": en.TABLE}
LANGUAGES = tuple(STRINGS)

if STRINGS["zh"].keys() != STRINGS["en"].keys():  # pragma: no cover - a broken table fails at import
    raise ImportError(f"string tables differ: {sorted(STRINGS['zh'].keys() ^ STRINGS['en'].keys())}")
