"""What an export needs of each scene: its words in one language, and its rendered picture."""

from __future__ import annotations

from dataclasses import dataclass

from .scenes import Scene

DOCUMENT_TITLE = {"zh": "跨境合作緝毒成效及策進作為", "en": "Cross-border drug enforcement cooperation"}
SOURCE_LABEL = {"zh": "資料來源：", "en": "Source: "}


@dataclass(frozen=True)
class Slide:
    title: str
    caption: str
    notes: str
    source: str
    png: bytes

    @classmethod
    def of(cls, scene: Scene, lang: str, png: bytes) -> Slide:
        return cls(scene.text("title", lang), scene.text("caption", lang), scene.text("notes", lang), scene.source, png)
