"""What the PDF writers (handout.py, memo.py) share: the page's resolution and units, the fonts, wrapped
text that fits, and a document written beside its target and moved into place whole.

Drawn with Qt's PDF writer (QtGui, no widgets): it embeds the CJK font subset it uses, so a PDF reads
the same on a machine without Chinese fonts, and text stays searchable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPainter, QPdfWriter

from ..data.atomic import write_bytes_atomic
from .paper import MM_PER_INCH

DPI = 300
LATIN = "DejaVu Sans"  # Latin letters and digits: Qt's PDF text from Noto Sans CJK loses its digits ("ROC 105" reads "ROC")


def mm(value: float) -> float:
    """Millimetres on paper in the writer's device pixels."""
    return value / MM_PER_INCH * DPI


def font(points: float, bold: bool = False) -> QFont:
    out = QFont()  # the application's font: a CJK family when one is installed, for the Chinese
    out.setFamilies([LATIN, out.family()])
    out.setPointSizeF(points)
    out.setBold(bold)
    return out


def text(painter: QPainter, rect: QRectF, words: str, face: QFont, colour: str = "#111111",
         align=Qt.AlignmentFlag.AlignLeft) -> float:
    """Draw wrapped text at the top of rect; return the height used."""
    painter.setFont(face)
    painter.setPen(QColor(colour))
    flags = align | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    used = painter.boundingRect(rect, flags, words)
    painter.drawText(rect, flags, words)
    return used.height() if words else 0.0


def fitting(painter: QPainter, rect: QRectF, words: str, points: float, floor: float = 7.0) -> QFont:
    """The font at `points`, or smaller down to `floor`, at which the text fits the rect (never cut)."""
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    face = font(points)
    while points > floor:
        painter.setFont(face)
        if painter.boundingRect(rect, flags, words).height() <= rect.height():
            break
        points -= 0.5
        face = font(points)
    return face


@contextmanager
def pdf_document(path: Path, title: str, layout: QPageLayout) -> Iterator[tuple[QPdfWriter, QPainter]]:
    """A writer and its painter for a PDF at path: drawn beside the target, then moved into place, so a
    failed export leaves no half file."""
    tmp = path.with_name(f".{path.name}.part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setTitle(title)
    writer.setCreator("mapapp")
    writer.setPageLayout(layout)
    painter = QPainter()
    try:
        if not painter.begin(writer):
            raise OSError(f"cannot write {path}")
        yield writer, painter
    finally:
        if painter.isActive():
            painter.end()  # the writer has written the whole file by then
    try:
        data = tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
    write_bytes_atomic(path, data)
