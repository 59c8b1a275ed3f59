"""Hostile text in every free-text field, from the data folder and from an import, stays text.

Each field gets a different payload (script tags, event handlers, javascript: URLs, style
and template injection) that would mark the page if it ever ran; the page, its popups and
tooltips, the details panel and the exported HTML are then asked whether anything ran.
"""

import csv

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from mapapp.data import schema
from mapapp.data.load import check_source
from mapapp.map.build import render_page
from tests.browser import dump_dom
from tests.conftest import run_js

MARK = "document.documentElement.setAttribute('data-pwned','{n}')"
PAYLOADS = [
    '<img src=x onerror="' + MARK + '">',
    "</script><script>" + MARK + "</script>",
    '"><svg onload="' + MARK + '">',
    "javascript:" + MARK,
    "</style><style>*{{background:url('javascript:" + MARK + "')}}</style>",
    "{{{{7*7}}}} ${{7*7}} <!-- <iframe srcdoc=\"<script>parent." + MARK + "</script>\">",
    "<a href=\"javascript:" + MARK + "\">link</a><math><mi xlink:href=\"javascript:" + MARK + "\">x</mi></math>",
]
# Free text a reader sees; ids, codes and referenced keys are checked against code lists instead.
SKIP = {("stated_totals", "scope"), ("stated_totals", "measure"), ("country_names", "iso3")}


def text_fields():
    for layer in schema.LAYERS:
        for column in layer.columns:
            if column.kind == "text" and column.name not in layer.key and column.name not in ("id", "case_id") \
                    and (layer.name, column.name) not in SKIP:
                yield layer, column.name


def poison(folder):
    """Put a numbered payload in the first row of every free-text field; return the count."""
    n = 0
    for layer, column in text_fields():
        path = folder / layer.file
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        if len(rows) < 2:
            continue
        n += 1
        rows[1][rows[0].index(column)] = PAYLOADS[n % len(PAYLOADS)].format(n=n)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return n


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    import shutil

    from mapapp.data.load import DEFAULT_DATA

    folder = tmp_path_factory.mktemp("poisoned") / "data"
    shutil.copytree(DEFAULT_DATA, folder)
    count = poison(folder)
    assert count >= 25  # every layer's free text, not a token few
    ds, issues = check_source(folder)
    assert ds is not None, [str(i) for i in issues if i.severity == "error"][:3]
    return ds


def test_no_payload_runs_in_the_window_its_popups_or_the_details(qtbot, poisoned):
    from mapapp.ui.app import application
    from mapapp.ui.main_window import MainWindow

    application()
    win = MainWindow(poisoned, lang="zh", remember=False)
    win.resize(1400, 900)
    with qtbot.waitSignal(win.map.ready, timeout=60_000):
        win.show()
    try:
        # Every popup and tooltip the page can build, in both languages.
        tips = []  # the canvas's one tooltip as drawn for each feature, and for a corridor of all routes
        for lang in ("zh", "en"):
            win.set_language(lang)
            tips += run_js(qtbot, win, """(function () {
                var tips = [];
                ["posts", "cases", "routes", "customs"].forEach(function (kind) {
                  MapApp.entries[kind].forEach(function (e) {
                    MapApp.selectById(kind, e.props.id);
                    MapApp._bulkTip({ kind: kind, entry: e }, e.latlng || e.bounds.getCenter());
                    tips.push(MapApp.bulkTip.getElement().innerText);
                  });
                });
                var routes = MapApp.entries.routes;
                MapApp._bulkTip({ kind: "routes", entry: routes[0], corridor: { entries: routes } }, routes[0].bounds.getCenter());
                tips.push(MapApp.bulkTip.getElement().innerText);
                MapApp.data.layers.basemap.features.slice(0, 60).forEach(function (f) { MapApp.selectById("country", f.properties.iso3); });
                return tips; })()""")
            qtbot.wait(300)
        pwned = run_js(qtbot, win, "document.documentElement.getAttribute('data-pwned')")
        handlers = run_js(qtbot, win, "document.querySelectorAll('[onerror],[onload],iframe,math,a[href^=javascript]').length")
        assert pwned is None and handlers == 0
        shown = run_js(qtbot, win, "document.body.innerText")
        # The payloads are visible as text: in the window (popups, the posts' tooltips) and in the canvas's tooltip.
        assert any("<img src=x onerror=" in text or "</script><script>" in text for text in [shown, *tips])
        # The Qt details panel renders rich text: everything from data must arrive escaped.
        for kind, key in [("posts", "npa-jpn"), ("cases", "npa-2017-jpn"), ("routes", "r-npa-fujian-1"),
                          ("customs", "cus-usa"), ("country", "JPN"), ("country", "TWN")]:
            assert win.details.show_item(kind, key), (kind, key)
            html = win.details.toHtml()
            assert "<img src" not in html and "<script" not in html and "<svg" not in html and "<iframe" not in html
    finally:
        win.close()
        win.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_no_payload_runs_in_the_exported_page(poisoned, tmp_path):
    html = render_page(poisoned)
    for payload in PAYLOADS:
        for n in range(1, 60):
            if "<" in payload:  # markup never appears raw (a bare javascript: string inside JSON data is inert)
                assert payload.format(n=n) not in html
    out = tmp_path / "poisoned.html"
    out.write_text(html, encoding="utf-8")
    dom = dump_dom(out)
    assert "data-pwned" not in dom.split("<body")[0]


def test_payloads_arriving_by_import_stay_text(poisoned, tmp_path, dataset):
    from mapapp.data.importing import import_file

    rows = ["國家,關押人數,統計截至,來源"] + [
        f'JPN,{60 + i},108.1.31,"{p.format(n=100 + i).replace(chr(34), chr(34) * 2)}"' for i, p in enumerate(PAYLOADS[:1])
    ]
    src = tmp_path / "hostile.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    preview = import_file(dataset, src)
    assert preview.ok
    html = render_page(preview.dataset)
    assert PAYLOADS[0].format(n=100) not in html and "\\u003cimg src=x onerror" in html
