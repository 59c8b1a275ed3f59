"""The PDF handout: one A4 landscape page per scene with its title, map, caption and notes.

Drawn with Qt's PDF writer (QtGui, no widgets): it embeds the CJK font subset it uses, so the
handout reads the same on a machine without Chinese fonts, and text stays searchable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from ..data.atomic import write_bytes_atomic
from .slides import DOCUMENT_TITLE, SOURCE_LABEL, Slide

DPI = 300
MARGIN_MM = 12


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()  # the application's font: a CJK family when one is installed
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _text(painter: QPainter, rect: QRectF, text: str, font: QFont, colour: str = "#111111") -> float:
    """Draw wrapped text at the top of rect; return the height used."""
    painter.setFont(font)
    painter.setPen(QColor(colour))
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    used = painter.boundingRect(rect, flags, text)
    painter.drawText(rect, flags, text)
    return used.height() if text else 0.0


def write_handout(path: Path | str, slides: list[Slide], lang: str) -> Path:
    """Write the PDF beside the target, then move it into place: a failed export leaves no half file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setTitle(DOCUMENT_TITLE[lang])
    writer.setCreator("mapapp")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"cannot write {path}")
        page = QRectF(writer.pageLayout().paintRectPixels(DPI))
        page.moveTo(0, 0)
        gap = DPI * 0.06
        for i, slide in enumerate(slides):
            if i:
                writer.newPage()
            y = _text(painter, page, slide.title, _font(20, bold=True)) + gap
            footer_h = DPI * 0.22
            text_block = QRectF(0, 0, page.width(), page.height())
            painter.setFont(_font(11))
            caption_h = painter.boundingRect(text_block, Qt.TextFlag.TextWordWrap, slide.caption).height() if slide.caption else 0
            painter.setFont(_font(9.5))
            notes_h = painter.boundingRect(text_block, Qt.TextFlag.TextWordWrap, slide.notes).height() if slide.notes else 0
            room = page.height() - y - caption_h - notes_h - footer_h - 3 * gap
            image = QImage.fromData(slide.png, "PNG")
            if not image.isNull() and room > 0:
                scale = min(page.width() / image.width(), room / image.height())
                target = QRectF(0, y, image.width() * scale, image.height() * scale)
                painter.drawImage(target, image)
                painter.setPen(QColor("#999999"))
                painter.drawRect(target)
                y += target.height() + gap
            y += _text(painter, QRectF(0, y, page.width(), page.height() - y), slide.caption, _font(11)) + gap
            _text(painter, QRectF(0, y, page.width(), page.height() - y), slide.notes, _font(9.5), "#333333")
            footer = f"{SOURCE_LABEL[lang]}{slide.source}　·　{DOCUMENT_TITLE[lang]}　·　{i + 1} / {len(slides)}"
            _text(painter, QRectF(0, page.height() - footer_h * 0.7, page.width(), footer_h), footer, _font(8), "#666666")
    finally:
        if painter.isActive():
            painter.end()
    try:
        data = tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
    return write_bytes_atomic(path, data)
