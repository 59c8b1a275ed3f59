"""The decision memo: two A4 pages a decision maker reads in five minutes. Page one: the question,
the map of the plan, the ranked options with their reasons, where no post can stand and what
answers there. Page two: the frontier (need answered against budget), how robust each choice is,
and every assumption with its source.

Drawn with Qt's PDF writer as the handout is (briefing/pdf.py: text stays text, pdftotext and
LibreOffice read it).
The content comes from analysis/plan_run.py, the same answer the command line prints.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPen

from ..analysis import budget_report, report
from ..analysis.plan_run import Answer
from ..data.load import Dataset
from ..data.names import label
from ..strings import STRINGS
from .pdf import fitting, font, mm, pdf_document, text

MARGIN_MM = 15.0
ROBUST_ROWS = 10  # the most often chosen places; the JSON has them all


def _section(painter, x: float, y: float, width: float, title: str) -> float:
    return y + text(painter, QRectF(x, y, width, mm(10)), title, font(12, bold=True)) + mm(1.5)


def _block(painter, x: float, y: float, width: float, bottom: float, lines: list[str], points: float = 9) -> float:
    """Lines as one wrapped block, shrunk to fit above `bottom`; returns the y below it."""
    words = "\n".join(lines)
    box = QRectF(x, y, width, bottom - y)
    return y + text(painter, box, words, fitting(painter, box, words, points, 6.5), "#222222") + mm(3)


def _frontier_chart(painter, box: QRectF, points, lang: str) -> None:
    """Need answered against budget: a step line with its points, axes labelled."""
    t = STRINGS[lang]
    left, bottom = box.left() + mm(14), box.bottom() - mm(8)
    width, height = box.right() - left, bottom - box.top()
    top_budget = max(p.budget for p in points) or 1.0
    low, high = min(p.answered for p in points), max(p.answered for p in points)
    span = (high - low) or 1.0

    def at(p) -> QPointF:
        return QPointF(left + width * p.budget / top_budget, bottom - height * (p.answered - low) / span)

    painter.setPen(QPen(QColor("#444444"), mm(0.25)))
    painter.drawLine(QPointF(left, bottom), QPointF(left + width, bottom))
    painter.drawLine(QPointF(left, bottom), QPointF(left, box.top()))
    painter.setPen(QPen(QColor("#1f4e9c"), mm(0.6)))
    for a, b in zip(points, points[1:]):
        painter.drawLine(at(a), at(b))
    painter.setBrush(QColor("#1f4e9c"))
    for p in points:
        painter.drawEllipse(at(p), mm(0.7), mm(0.7))
    small = font(7.5)
    text(painter, QRectF(left, bottom + mm(1), width, mm(6)), f"{t['memo_axis_budget']} 0 – {top_budget:,.4g}", small,
          align=Qt.AlignmentFlag.AlignHCenter)
    text(painter, QRectF(box.left(), box.top(), mm(13), mm(20)), f"{t['memo_axis_need']}\n{high:,.0f}", small)
    text(painter, QRectF(box.left(), bottom - mm(4), mm(13), mm(6)), f"{low:,.0f}", small)


def assumption_lines(ds: Dataset, a: Answer, lang: str) -> list[str]:
    t, problem = STRINGS[lang], a.problem
    weights = t["list_sep"].join(f"{label('need_parts', k, lang)} {v:g}" for k, v in problem.weights.as_dict().items())
    lines = [t["memo_weights"].format(weights=weights),
             t["memo_radius"].format(radius=problem.rule.radius_km, host=t["report_host"] if problem.rule.host_country else "")]
    if a.plan is not None or a.frontier is not None:
        lines += budget_report.model_lines(a.costs, lang)
    for c in problem.hosts.channels_for(problem.agencies):
        lines.append(t["memo_channel"].format(name=c.name_zh if lang == "zh" else c.name_en, countries="、".join(sorted(c.countries)),
                                              share=c.effectiveness, basis=c.effectiveness_source, source=c.source))
    for h in problem.hosts.hosts:
        if h.agency is None or h.agency in problem.agencies:
            lines.append(t["memo_host"].format(country=ds.country_name(h.country, lang), agency=h.agency or "—", status=h.status,
                                               reason=h.reason_zh if lang == "zh" else h.reason_en, source=h.source))
    lines.append(t["memo_data"].format(source="跨境合作緝毒成效及策進作為" if lang == "zh" else "the government briefing on cross-border drug enforcement cooperation"))
    return lines


def write_memo(path: Path | str, ds: Dataset, a: Answer, map_png: bytes, lang: str) -> Path:
    path, t, q = Path(path), STRINGS[lang], a.question
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                         QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    agencies = t["list_sep"].join(label("agencies_short", x, lang) for x in a.problem.agencies)
    question = (t["memo_question_budget"].format(agencies=agencies, budget=q.budget, radius=q.radius_km) if q.budget is not None
                else t["memo_question_posts"].format(agencies=agencies, k=q.new_posts, radius=q.radius_km))
    hosts = report.host_lines(ds, a.problem, lang)
    if a.plan is not None:
        options = budget_report.budget_lines(ds, a.plan, a.costs, lang)
    else:  # the report's lines after its three heading lines, and before the hosts it ends with
        lines = report.text_lines(ds, a.problem, a.recommendation, lang)
        options = lines[3:len(lines) - len(hosts)]
    with pdf_document(path, t["memo_title"], layout) as (writer, painter):
        page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
        page.moveTo(0, 0)
        w, x = page.width(), 0.0
        y = text(painter, QRectF(x, 0, w - mm(30), mm(14)), t["memo_title"], font(16, bold=True))
        text(painter, QRectF(x, 0, w, mm(8)), datetime.date.today().isoformat(), font(9), "#555555", Qt.AlignmentFlag.AlignRight)
        y += mm(2) + text(painter, QRectF(x, y + mm(2), w, mm(12)), question, font(10))
        image = QImage.fromData(map_png, "PNG")
        if not image.isNull():
            frame = QRectF(x, y + mm(3), w, w * image.height() / image.width())
            painter.drawImage(frame, image)
            painter.setPen(QPen(QColor("#888888"), mm(0.2)))
            painter.drawRect(frame)
            y = frame.bottom() + mm(4)
        y = _section(painter, x, y, w, t["memo_recommendation"])
        y = _block(painter, x, y, w, page.height() - mm(45), options, 9.5)
        _block(painter, x, y, w, page.height(), hosts, 8.5)

        writer.newPage()
        y = 0.0
        if a.frontier:
            y = _section(painter, x, y, w, t["memo_frontier"])
            _frontier_chart(painter, QRectF(x, y, w, mm(60)), a.frontier, lang)
            y += mm(64)
            y = _block(painter, x, y, w, y + mm(62), budget_report.frontier_lines(a.frontier, lang)[1:], 7.5)
        if a.robustness is not None:
            y = _section(painter, x, y, w, t["memo_robustness"])
            y = _block(painter, x, y, w, y + mm(55), budget_report.robustness_lines(a.robustness, lang)[:ROBUST_ROWS + 1], 8.5)
        y = _section(painter, x, y, w, t["memo_assumptions"])
        _block(painter, x, y, w, page.height(), assumption_lines(ds, a, lang), 8)
    return path
