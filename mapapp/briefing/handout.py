"""The PDF handout: one page per scene laid out as a print layout (briefing/paper.py): title and
date, the map at the frame's own size with a north arrow, caption and notes, the source line.

Drawn with Qt's PDF writer (QtGui, no widgets): it embeds the CJK font subset it uses, so the
handout reads the same on a machine without Chinese fonts, and text stays searchable. The map
comes from the export's renderer at paper.map_css_size, so it is drawn into its frame unscaled
in CSS terms (one CSS pixel = 0.75 pt): its labels print at the size the page gives them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPainterPath, QPdfWriter, QPen

from ..data.atomic import write_bytes_atomic
from .paper import MM_PER_INCH, PaperLayout, Rect
from .slides import DOCUMENT_TITLE, SOURCE_LABEL, Slide

DPI = 300
NORTH = {"zh": "北", "en": "N"}


LATIN = "DejaVu Sans"  # Latin letters and digits: Qt's PDF text from Noto Sans CJK loses its digits ("ROC 105" reads "ROC")


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()  # the application's font: a CJK family when one is installed, for the Chinese
    font.setFamilies([LATIN, font.family()])
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _px(mm: float) -> float:
    return mm / MM_PER_INCH * DPI


def _rect(r: Rect) -> QRectF:
    return QRectF(_px(r.x), _px(r.y), _px(r.w), _px(r.h))


def _text(painter: QPainter, rect: QRectF, text: str, font: QFont, colour: str = "#111111",
          align=Qt.AlignmentFlag.AlignLeft) -> float:
    """Draw wrapped text at the top of rect; return the height used."""
    painter.setFont(font)
    painter.setPen(QColor(colour))
    flags = align | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    used = painter.boundingRect(rect, flags, text)
    painter.drawText(rect, flags, text)
    return used.height() if text else 0.0


def _fitting(painter: QPainter, rect: QRectF, text: str, points: float, floor: float = 7.0) -> QFont:
    """The font at `points`, or smaller down to `floor`, at which the text fits the rect (never cut)."""
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    font = _font(points)
    while points > floor:
        painter.setFont(font)
        if painter.boundingRect(rect, flags, text).height() <= rect.height():
            break
        points -= 0.5
        font = _font(points)
    return font


def _north_arrow(painter: QPainter, frame: QRectF, lang: str) -> None:
    """A north arrow in the map's top left corner (the map is Web Mercator: north is up)."""
    size = _px(9)
    x, y = frame.left() + _px(4), frame.top() + _px(4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawRoundedRect(QRectF(x, y, size, size * 1.45), _px(1), _px(1))
    tip, left, right, notch = (QPointF(x + size / 2, y + _px(1.2)), QPointF(x + size * 0.18, y + size * 0.95),
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
    painter.setPen(QPen(QColor("#222222"), _px(0.25)))
    painter.drawPath(other)
    _text(painter, QRectF(x, y + size * 0.95, size, size * 0.5), NORTH[lang], _font(8, bold=True),
          align=Qt.AlignmentFlag.AlignHCenter)


def write_handout(path: Path | str, slides: list[Slide], lang: str, paper: PaperLayout) -> Path:
    """Write the PDF beside the target, then move it into place: a failed export leaves no half file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setTitle(DOCUMENT_TITLE[lang])
    writer.setCreator("mapapp")
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(*paper.page), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    today = datetime.date.today().isoformat()
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"cannot write {path}")
        title_box, frame, text_box, footer_box = (_rect(r) for r in (paper.title, paper.map, paper.text, paper.footer))
        for i, slide in enumerate(slides):
            if i:
                writer.newPage()
            _text(painter, title_box, today, _font(9), "#555555", Qt.AlignmentFlag.AlignRight)
            _text(painter, title_box.adjusted(0, 0, -_px(30), 0), slide.title, _font(16, bold=True))
            image = QImage.fromData(slide.png, "PNG")
            if not image.isNull():
                painter.drawImage(frame, image)  # the renderer drew it at the frame's aspect: no distortion
            painter.setPen(QPen(QColor("#777777"), _px(0.2)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(frame)
            _north_arrow(painter, frame, lang)
            y = text_box.top() + _px(2)
            y += _text(painter, QRectF(text_box.left(), y, text_box.width(), text_box.bottom() - y), slide.caption, _font(10.5)) + _px(1.5)
            notes_box = QRectF(text_box.left(), y, text_box.width(), text_box.bottom() - y)
            _text(painter, notes_box, slide.notes, _fitting(painter, notes_box, slide.notes, 9), "#333333")
            footer = f"{SOURCE_LABEL[lang]}{slide.source}　·　{DOCUMENT_TITLE[lang]}　·　{today}　·　{i + 1} / {len(slides)}"
            _text(painter, footer_box, footer, _font(7.5), "#555555")
    finally:
        if painter.isActive():
            painter.end()
    try:
        data = tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
    return write_bytes_atomic(path, data)
