"""Exports read back: the PDF handout, the PowerPoint deck, a PNG at a chosen size; and LibreOffice opens them."""

import os
import re
import shutil
import subprocess
import unicodedata
import zipfile

import pytest
from pptx import Presentation
from pypdf import PdfReader
from PySide6.QtGui import QImage

from mapapp.briefing.paper import RENDER_SCALE, layout
from mapapp.briefing.scenes import load_scenes, scene_jobs
from mapapp.cli import main
from mapapp.data.load import DEFAULT_DATA

PICK = [1, 6, 10]  # intro, results, a case: three kinds of scene


@pytest.fixture(scope="module")
def chosen(dataset):
    scenes = load_scenes(DEFAULT_DATA / "scenes.json", dataset)
    return [scenes[n - 1] for n in PICK]


@pytest.fixture(scope="module")
def handout(tmp_path_factory, qapp):
    out = tmp_path_factory.mktemp("pdf") / "handout.pdf"
    assert main(["export-pdf", str(out), "--scenes", ",".join(map(str, PICK))]) == 0  # A4 landscape
    return out


@pytest.fixture(scope="module")
def deck(tmp_path_factory, qapp):
    out = tmp_path_factory.mktemp("pptx") / "deck.pptx"
    assert main(["export-pptx", str(out), "--scenes", ",".join(map(str, PICK)), "--lang", "en", "--theme", "projector"]) == 0
    return out


def norm(text: str) -> str:
    # CJK fonts map some glyphs to Kangxi radicals (⼈ for 人); NFKC folds them back (and full-width punctuation).
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def text_of(page) -> str:
    return norm(page.extract_text())


def contains(text: str, words: str) -> bool:
    """Substring test that lets a CJK radical-supplement glyph (⻄ for 西, which NFKC keeps) stand for any character."""
    pattern = "".join(f"(?:{re.escape(c)}|[\u2e80-\u2eff])" for c in norm(words))
    return re.search(pattern, text) is not None


def test_handout_has_a_page_per_scene_with_map_caption_and_notes(handout, chosen):
    reader = PdfReader(handout)
    assert len(reader.pages) == len(chosen)
    for page, scene in zip(reader.pages, chosen):
        text = text_of(page)
        for words in (scene.title_zh, scene.caption_zh, scene.notes_zh[:30]):
            assert contains(text, words), words
        images = page.images
        assert len(images) == 1
        css = layout("A4", "landscape").map_css_size  # the map rendered at its printed frame's size
        assert (images[0].image.width, images[0].image.height) == (css[0] * RENDER_SCALE, css[1] * RENDER_SCALE)
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)  # A4 landscape, in pt
    assert reader.metadata.title == "跨境合作緝毒成效及策進作為"


def test_deck_has_a_slide_per_scene_with_picture_title_and_speaker_notes(deck, chosen):
    prs = Presentation(deck)
    assert len(prs.slides) == len(chosen)
    assert prs.slide_width * 9 == prs.slide_height * 16
    for slide, scene in zip(prs.slides, chosen):
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1 and pictures[0].image.size == (1920, 1080)
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert scene.title_en in texts and scene.caption_en in texts
        notes = slide.notes_slide.notes_text_frame.text
        assert scene.notes_en in notes and scene.source in notes


def test_png_of_the_current_view_at_a_chosen_size(qtbot, window, tmp_path):
    from mapapp.ui.exports import Export

    out = tmp_path / "view.png"
    window.filters.boxes["agencies"]["NPA"].setChecked(False)
    box = {}
    window.current_view(lambda view: box.setdefault("view", view))
    qtbot.waitUntil(lambda: "view" in box, timeout=5_000)
    job = window.exporter.view_job(box["view"])
    export = Export(window.ds, [], [job], "png", out, "zh", (1280, 720), "standard")
    with qtbot.waitSignal(export.done, timeout=60_000) as done:
        export.start()
    assert done.args == [None]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    assert "NPA" not in job["filter"]["agencies"] and job["title"] == ""


def test_cancelled_export_writes_nothing(qtbot, dataset, chosen, tmp_path, qapp):
    from mapapp.ui.exports import Export

    out = tmp_path / "never.pdf"
    export = Export(dataset, chosen, scene_jobs(chosen, "zh"), "pdf", out, "zh", (800, 600), "standard")
    export.renderer.progress.connect(lambda done, _n: done == 1 and export.cancel())
    with qtbot.waitSignal(export.done, timeout=60_000) as done:
        export.start()
    assert done.args == ["cancelled"]
    assert list(tmp_path.iterdir()) == []


def test_screenshot_of_a_scene_and_a_missing_one(tmp_path, qapp, capsys):
    out = tmp_path / "scene.png"
    assert main(["screenshot", str(out), "--scene", "7", "--width", "1280", "--height", "720"]) == 0
    assert QImage(str(out)).size().toTuple() == (1280, 720)
    assert main(["screenshot", str(tmp_path / "x.png"), "--scene", "99"]) == 2
    assert "there is no scene 99" in capsys.readouterr().err


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def soffice():
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing: scripts/install.sh --test installs it")
        pytest.skip("LibreOffice is not installed")
    return SOFFICE


def convert(soffice, path, to, tmp_path, infilter=None):
    args = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile"]
    if infilter:
        args.append(f"--infilter={infilter}")
    result = subprocess.run([*args, "--convert-to", to, "--outdir", str(tmp_path), str(path)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr and "Error" not in result.stdout, result.stdout + result.stderr
    return tmp_path / (path.stem + "." + to)


def test_libreoffice_opens_the_deck(soffice, deck, chosen, tmp_path):
    pdf = convert(soffice, deck, "pdf", tmp_path)
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(chosen)
    assert contains(text_of(reader.pages[1]), chosen[1].title_en)


def test_libreoffice_opens_the_handout(soffice, handout, chosen, tmp_path):
    odg = convert(soffice, handout, "odg", tmp_path, infilter="impress_pdf_import")
    content = zipfile.ZipFile(odg).read("content.xml").decode("utf-8")
    assert len(re.findall(r"<draw:page ", content)) == len(chosen)
    assert "<draw:image" in content
