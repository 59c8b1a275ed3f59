"""The PDF handout: one page per scene laid out as a print layout (briefing/paper.py): title and
date, the map at the frame's own size with a north arrow, caption and notes, the source line.

Drawn with Qt's PDF writer (briefing/pdf.py). The map comes from the export's renderer at
paper.map_css_size, so it is drawn into its frame unscaled in CSS terms (one CSS pixel = 0.75 pt):
its labels print at the size the page gives them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPainterPath, QPen

from .paper import PaperLayout, Rect
from .pdf import fitting, font, mm, pdf_document, text
from .slides import DOCUMENT_TITLE, SOURCE_LABEL, Slide

NORTH = {"zh": "北", "en": "N"}


def _rect(r: Rect) -> QRectF:
    return QRectF(mm(r.x), mm(r.y), mm(r.w), mm(r.h))


def _north_arrow(painter: QPainter, frame: QRectF, lang: str) -> None:
    """A north arrow in the map's top left corner (the map is Web Mercator: north is up)."""
    size = mm(9)
    x, y = frame.left() + mm(4), frame.top() + mm(4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawRoundedRect(QRectF(x, y, size, size * 1.45), mm(1), mm(1))
    tip, left, right, notch = (QPointF(x + size / 2, y + mm(1.2)), QPointF(x + size * 0.18, y + size * 0.95),
                               QPointF(x + size * 0.82, y + size * 0.95), QPointF(x + size / 2, y + size * 0.72))
    half = QPainterPath(tip)
    half.lineTo(left)
    half.lineTo(notch)
    half.closeSubpath()
    painter.setBrush(QColor("#222222"))
    painter.drawPath(half)
    other = QPainterPath(tip)
    other.lineTo(right)
    other.lineTo(notch)
    other.closeSubpath()
    painter.setBrush(QColor("#ffffff"))
    painter.setPen(QPen(QColor("#222222"), mm(0.25)))
    painter.drawPath(other)
    text(painter, QRectF(x, y + size * 0.95, size, size * 0.5), NORTH[lang], font(8, bold=True),
          align=Qt.AlignmentFlag.AlignHCenter)


def write_handout(path: Path | str, slides: list[Slide], lang: str, paper: PaperLayout) -> Path:
    """Write the PDF beside the target, then move it into place: a failed export leaves no half file."""
    path = Path(path)
    layout = QPageLayout(QPageSize(QSizeF(*paper.page), QPageSize.Unit.Millimeter), QPageLayout.Orientation.Portrait,
                         QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    today = datetime.date.today().isoformat()
    with pdf_document(path, DOCUMENT_TITLE[lang], layout) as (writer, painter):
        title_box, frame, text_box, footer_box = (_rect(r) for r in (paper.title, paper.map, paper.text, paper.footer))
        for i, slide in enumerate(slides):
            if i:
                writer.newPage()
            text(painter, title_box, today, font(9), "#555555", Qt.AlignmentFlag.AlignRight)
            text(painter, title_box.adjusted(0, 0, -mm(30), 0), slide.title, font(16, bold=True))
            image = QImage.fromData(slide.png, "PNG")
            if not image.isNull():
                painter.drawImage(frame, image)  # the renderer drew it at the frame's aspect: no distortion
            painter.setPen(QPen(QColor("#777777"), mm(0.2)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame)
            _north_arrow(painter, frame, lang)
            y = text_box.top() + mm(2)
            y += text(painter, QRectF(text_box.left(), y, text_box.width(), text_box.bottom() - y), slide.caption, font(10.5)) + mm(1.5)
            notes_box = QRectF(text_box.left(), y, text_box.width(), text_box.bottom() - y)
            text(painter, notes_box, slide.notes, fitting(painter, notes_box, slide.notes, 9), "#333333")
            footer = f"{SOURCE_LABEL[lang]}{slide.source}　·　{DOCUMENT_TITLE[lang]}　·　{today}　·　{i + 1} / {len(slides)}"
            text(painter, footer_box, footer, font(7.5), "#555555")
    return path
