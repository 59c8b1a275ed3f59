"""The handout's page, laid out as a print layout is (QGIS's, say): title and date, the map frame,
caption and notes, the source line; and the size the map is rendered at for that frame.

The map is rendered at the frame's own size in CSS pixels at 96 per inch, so one CSS pixel prints
as 0.75 pt and the page's smallest text (10 px) as 7.5 pt, at A4 as at A3, portrait or landscape;
RENDER_SCALE device pixels per CSS pixel keep it sharp (192 dpi). A 1920x1080 picture shrunk
onto A4 printed its 12 px labels at 4.6 pt.
"""

from __future__ import annotations

from dataclasses import dataclass

PAPERS = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # mm, long side first
ORIENTATIONS = ("landscape", "portrait")
MM_PER_INCH = 25.4
CSS_PX_PER_INCH = 96
PT_PER_INCH = 72
PT_PER_CSS_PX = PT_PER_INCH / CSS_PX_PER_INCH  # 0.75: how large a CSS pixel of the map prints
RENDER_SCALE = 2  # device pixels per CSS pixel of the rendered map
MARGIN_MM = 12.0
TITLE_MM = 12.0  # the title band above the map
FOOTER_MM = 7.0  # the source line
# Of the page below the title, for caption and notes: the longest shipped notes (430 characters in
# English) take 5 lines at A4 landscape, 7 in portrait; the handout shrinks text that would not fit.
TEXT_SHARE = {"landscape": 0.17, "portrait": 0.17}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class PaperLayout:
    """Every region in mm from the page's top left corner (margins included)."""

    paper: str
    orientation: str
    page: tuple[float, float]
    title: Rect
    map: Rect
    text: Rect
    footer: Rect

    @property
    def map_css_size(self) -> tuple[int, int]:
        """The map's size in CSS pixels: 96 per inch of the printed frame."""
        return (round(self.map.w / MM_PER_INCH * CSS_PX_PER_INCH), round(self.map.h / MM_PER_INCH * CSS_PX_PER_INCH))

    @property
    def pt_per_css_px(self) -> float:
        """What one CSS pixel of the map measures on paper, in points (the frame's width over the map's)."""
        return self.map.w / MM_PER_INCH * PT_PER_INCH / self.map_css_size[0]


def layout(paper: str = "A4", orientation: str = "landscape") -> PaperLayout:
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected one of {', '.join(PAPERS)}")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"unknown orientation {orientation!r}; expected landscape or portrait")
    long, short = PAPERS[paper]
    width, height = (long, short) if orientation == "landscape" else (short, long)
    inner_w, inner_h = width - 2 * MARGIN_MM, height - 2 * MARGIN_MM
    below_title = inner_h - TITLE_MM - FOOTER_MM
    text_h = below_title * TEXT_SHARE[orientation]
    map_h = below_title - text_h
    x, y = MARGIN_MM, MARGIN_MM
    return PaperLayout(
        paper, orientation, (width, height),
        title=Rect(x, y, inner_w, TITLE_MM),
        map=Rect(x, y + TITLE_MM, inner_w, map_h),
        text=Rect(x, y + TITLE_MM + map_h, inner_w, text_h),
        footer=Rect(x, height - MARGIN_MM - FOOTER_MM, inner_w, FOOTER_MM),
    )
