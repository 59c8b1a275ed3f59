"""Overlapping labels and symbols: the rule, the page's boxes, and the check-legibility command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mapapp.map.legibility import overlaps
from mapapp.to_page import Drawn, GetDrawn

MAIN = Path(__file__).resolve().parents[1] / "main.py"


def box(key, left, top, w=20, h=20):
    return Drawn("posts", key, (left, top, left + w, top + h))


def test_touching_boxes_do_not_overlap_and_covering_ones_do():
    found = overlaps([box("a", 0, 0), box("b", 20.5, 0), box("c", 10, 10), box("d", 100, 100)])
    assert [(o.a[1], o.b[1]) for o in found] == [("a", "c"), ("c", "b")]
    assert (found[0].width, found[0].height) == (10, 10)


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300), st.integers(1, 60), st.integers(1, 60)), max_size=40))
def test_the_sweep_finds_every_pair_a_pairwise_check_finds(boxes):
    drawn = [box(str(i), x, y, w, h) for i, (x, y, w, h) in enumerate(boxes)]

    def hit(p, q):
        return min(p.box[2], q.box[2]) - max(p.box[0], q.box[0]) > 1 and min(p.box[3], q.box[3]) - max(p.box[1], q.box[1]) > 1

    brute = {frozenset((p.key, q.key)) for i, p in enumerate(drawn) for q in drawn[i + 1:] if hit(p, q)}
    assert {frozenset((o.a[1], o.b[1])) for o in overlaps(drawn)} == brute


def test_the_page_reports_what_it_draws_inside_the_map(qtbot, window):
    from tests.conftest import run_js

    window.state.show_scene(7)  # a representative case: Japan
    qtbot.waitUntil(lambda: run_js(qtbot, window, "document.documentElement.getAttribute('data-scene')") is not None,
                    timeout=10_000)
    answers = []
    window.map.send(GetDrawn(), answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    drawn = answers[0]
    kinds = {d.kind for d in drawn}
    assert {"posts", "label", "box"} <= kinds
    assert ("posts", "npa-jpn") in {(d.kind, d.key) for d in drawn}
    assert ("box", "caption") in {(d.kind, d.key) for d in drawn}
    width, height = window.map.width(), window.map.height()
    assert all(d.box[2] > 0 and d.box[0] < width and d.box[3] > 0 and d.box[1] < height for d in drawn)


def _check_legibility(*args):
    """The command as a user runs it: its own process, its own event loop."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    return subprocess.run([sys.executable, str(MAIN), "check-legibility", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("size", [("1366", "768"), ("1920", "1080")])
def test_every_shipped_scene_is_shown_without_overlaps_on_a_laptop_and_a_projector(size):
    run = _check_legibility("--width", size[0], "--height", size[1], "--json")
    report = json.loads(run.stdout)
    assert [s["scene"] for s in report] == list(range(1, 18))
    assert all(s["symbols"] > 5 for s in report)
    assert {s["scene"]: s["overlaps"] for s in report if s["overlaps"]} == {}
    assert run.returncode == 0
    missing = _check_legibility("--scene", "99")
    assert missing.returncode == 2 and "there is no scene 99" in missing.stderr


def test_overlaps_are_named_as_the_audience_reads_them(dataset):
    from mapapp.ui.legibility_check import drawn_names

    name = drawn_names(dataset, "zh")
    assert name("posts", "npa-jpn") == "警政署 · 東京"
    assert name("label", "JPN") == name("detentions", "JPN") == "日本"
    assert name("group", "npa-jpn,mjib-osaka") == "警政署 · 東京、調查局 · 大阪"
