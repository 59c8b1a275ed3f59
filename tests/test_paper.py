"""The handout on paper: the map rendered at its frame's own size, so that its labels print at 7 pt
or more on A4 and A3, without the zoom buttons, with title, date, north arrow and source line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from mapapp.briefing.paper import PAPERS, PT_PER_CSS_PX, RENDER_SCALE, layout
from mapapp.cli import main

CSS = Path(__file__).resolve().parents[1] / "assets" / "css" / "mapapp.css"
SMALLEST_TEXT = """(function () {
  var min = Infinity, hidden = [];
  document.querySelectorAll('.leaflet-container *').forEach(function (n) {
    var own = Array.from(n.childNodes).some(function (c) { return c.nodeType === 3 && c.textContent.trim(); });
    var r = n.getBoundingClientRect();
    if (own && r.width >= 1 && r.height >= 1) min = Math.min(min, parseFloat(getComputedStyle(n).fontSize));
  });
  var zoom = document.querySelector('.leaflet-control-zoom');
  return JSON.stringify({ min: min, zoom: zoom ? getComputedStyle(zoom).display : 'none' });
})()"""


@pytest.mark.parametrize("paper,orientation", [("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape"), ("A3", "portrait")])
def test_every_paper_prints_a_css_pixel_at_three_quarters_of_a_point(paper, orientation):
    page = layout(paper, orientation)
    long, short = PAPERS[paper]
    assert page.page == ((long, short) if orientation == "landscape" else (short, long))
    assert page.pt_per_css_px == pytest.approx(PT_PER_CSS_PX, rel=0.01)
    # The frame fits the page inside its margins, above the caption and notes.
    assert page.map.x + page.map.w <= page.page[0] and page.text.y + page.text.h <= page.footer.y + 0.01


def test_the_standard_theme_has_no_text_under_7_pt_at_print_scale():
    """The page's CSS is the one source of every size the canvas and the DOM draw (symbols.js reads it)."""
    sizes = [float(px) for rule, px in re.findall(r"([^{}]*)\{[^}]*?font-size:\s*([\d.]+)px", CSS.read_text())
             if "projector" not in rule]
    assert len(sizes) > 20 and min(sizes) * PT_PER_CSS_PX >= 7


def test_the_handout_renders_the_map_at_its_printed_size_without_zoom_buttons(qapp, tmp_path, monkeypatch):
    from mapapp.ui import scene_renderer

    seen = []
    grab = scene_renderer.SceneRenderer._grab

    def looking(self):
        import json

        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        self.view.page().runJavaScript(SMALLEST_TEXT, 0, lambda value: (seen.append(json.loads(value)), loop.quit()))
        loop.exec()
        seen[-1]["css_width"] = self.view.width() / self.view.zoomFactor()
        grab(self)

    monkeypatch.setattr(scene_renderer.SceneRenderer, "_grab", looking)
    out = tmp_path / "a4.pdf"
    assert main(["export-pdf", str(out), "--scenes", "1,3", "--paper", "A4", "--orientation", "portrait"]) == 0
    page = layout("A4", "portrait")
    assert len(seen) == 2
    for look in seen:
        assert look["zoom"] == "none"
        assert look["css_width"] == pytest.approx(page.map_css_size[0], abs=1)
        assert 9 <= look["min"] < 20 and look["min"] * page.pt_per_css_px >= 7, look  # some text was found
    reader = PdfReader(out)
    first = reader.pages[0]
    assert (round(first.mediabox.width), round(first.mediabox.height)) == (595, 842)  # A4 portrait
    image = first.images[0].image
    assert image.size == (page.map_css_size[0] * RENDER_SCALE, page.map_css_size[1] * RENDER_SCALE)
    text = re.sub(r"\s+", "", first.extract_text())
    assert re.search(r"\d{4}-\d{2}-\d{2}", text) and "1/2" in text  # the date and the page number
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(out), str(png)], check=True)
    assert png.with_name("page-1.png").stat().st_size > 10_000
