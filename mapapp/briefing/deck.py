"""The PowerPoint deck: one 16:9 slide per scene with title, map picture and caption; the notes
go to the speaker notes, so the presenter view shows them."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..data.atomic import write_bytes_atomic
from .slides import DOCUMENT_TITLE, SOURCE_LABEL, Slide

EAST_ASIAN_FONT = "Microsoft JhengHei"  # the zh-TW font of Office; LibreOffice falls back to Noto CJK
BLANK_LAYOUT = 6


def _write(frame, text: str, size: float, bold: bool = False, colour: str = "222222") -> None:
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = RGBColor.from_string(colour)
            rpr = run._r.get_or_add_rPr()
            ea = rpr.find(qn("a:ea"))
            if ea is None:
                ea = rpr.makeelement(qn("a:ea"), {})
                rpr.append(ea)
            ea.set("typeface", EAST_ASIAN_FONT)


def _picture_size(png: bytes) -> tuple[int, int]:
    # PNG header: width and height are the big-endian words at bytes 16-24.
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def write_deck(path: Path | str, slides: list[Slide], lang: str) -> Path:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 16:9, as PowerPoint makes it
    deck.core_properties.title = DOCUMENT_TITLE[lang]
    deck.core_properties.author = "mapapp"
    width, height, margin = deck.slide_width, deck.slide_height, Inches(0.4)
    for slide in slides:
        page = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
        _write(page.shapes.add_textbox(margin, Inches(0.2), width - 2 * margin, Inches(0.7)).text_frame, slide.title, 28, bold=True)
        top, bottom = Inches(1.0), height - Inches(1.25)
        w, h = _picture_size(slide.png)
        scale = min((width - 2 * margin) / w, (bottom - top) / h)
        pic_w, pic_h = int(w * scale), int(h * scale)
        page.shapes.add_picture(io.BytesIO(slide.png), Emu((width - pic_w) // 2), Emu(top), Emu(pic_w), Emu(pic_h))
        _write(page.shapes.add_textbox(margin, bottom + Inches(0.1), width - 2 * margin, Inches(1.0)).text_frame, slide.caption, 16)
        notes = slide.notes + ("\n" if slide.notes else "") + SOURCE_LABEL[lang] + slide.source
        page.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return write_bytes_atomic(path, buffer.getvalue())
