"""Officers' own sheets: a title above the header, merged cells, a totals row and notes below, headers
written their own way; and every year's figures kept side by side."""

import json

import pytest

from mapapp.cli import main
from mapapp.data.importing import import_file
from mapapp.data.importing.importer import column_matches
from tests.conftest import digest

NEXT_YEAR = (
    "國人因毒品案海外關押統計（截至108年10月31日止）,,,,\n"
    "國別,被關押人數,遭判無期,遭判死刑,備考\n"
    "日本,70,2,0,\n"
    "南韓,30,0,0,\n"
    "泰國,65,9,0,\n"
    "總計,165,11,0,\n"
    "註：資料來源為外交部,,,,\n"
)


def big5(path, text):
    path.write_bytes(text.encode("cp950"))
    return path


def test_a_next_year_sheet_keeps_both_years(workspace, tmp_path, capsys):
    """The Done-when: a Big5 detention sheet of the next year, its as-of date only in its title, a totals
    row and a note under it; afterwards check-data reports the 107 totals and the new ones."""
    sheet = big5(tmp_path / "108年關押.csv", NEXT_YEAR)
    assert main(["import", str(sheet), "--into", str(workspace)]) == 0
    out = capsys.readouterr()
    assert "detentions: 3 added, 0 updated, 0 unchanged, 0 rejected" in out.out
    assert "108年關押.csv:6: a totals row (總計): left out" in out.err and "108年關押.csv:7: a note under the table" in out.err
    assert main(["check-data", "--data", str(workspace), "--json"]) == 0
    det = json.loads(capsys.readouterr().out)["layers"]["detentions"]
    assert det["snapshots"]["2018-10-31"] == {"countries": 12, "detained": 384, "life": 37, "death": 31}
    assert det["snapshots"]["2019-10-31"] == {"countries": 3, "detained": 165, "life": 11, "death": 0}


def test_the_same_date_again_corrects_its_snapshot(workspace, tmp_path, capsys):
    sheet = big5(tmp_path / "更正.csv", "國別,被關押人數,遭判無期,遭判死刑,統計截止日期\n日本,67,2,0,107年10月31日\n")
    assert main(["import", str(sheet), "--into", str(workspace)]) == 0  # 截止日期: a variant of 統計截至
    assert "detentions: 0 added, 1 updated" in capsys.readouterr().out
    assert main(["check-data", "--data", str(workspace), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    det = report["layers"]["detentions"]
    assert list(det["snapshots"]) == ["2018-10-31"] and det["snapshots"]["2018-10-31"]["detained"] == 385
    # The brief's own total no longer describes the corrected figures: said, as a warning.
    assert any(w["column"] == "stated" and "385" in w["message"] for w in report["warnings"])


@pytest.mark.parametrize("header,column,how", [
    ("被關押人數", "detained", "name"),  # in the list
    ("關押人数", "detained", "name"),  # simplified 数, and 人數 as 數
    ("ＤＥＴＡＩＮＥＤ", "detained", "name"),  # full-width
    ("統計截止日", "as_of", "name"),  # 截止 for 截至, 日 for 日期
    ("被關押之人數", "detained", "similar"),  # in no list, close to one
    ("統計時點", None, ""),  # not close enough: left for the user
])
def test_headers_are_read_by_meaning(header, column, how):
    cols, matches = column_matches("detentions", ["國家", header])
    assert (matches[1].column, matches[1].how) == (column, how)


def test_an_unmatched_header_is_named_with_the_closest_column_and_map_reads_it(workspace, tmp_path, capsys):
    sheet = big5(tmp_path / "時點.csv", "國家,關押人數,無期,死刑,統計時點\n日本,70,2,0,108.10.31\n")
    before = digest(workspace)
    assert main(["import", str(sheet), "--into", str(workspace)]) == 1
    err = capsys.readouterr().err
    assert "時點.csv:1:as_of: error: missing column (統計截至/截至日期/統計截至日期)" in err and "--map '統計時點=as_of'" in err
    assert digest(workspace) == before  # a refused sheet changes nothing
    assert main(["import", str(sheet), "--into", str(workspace), "--map", "統計時點=as_of"]) == 0
    assert "detentions: 1 added" in capsys.readouterr().out


def test_an_xlsx_with_a_merged_title_merged_cells_and_a_totals_row(dataset, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "國人因毒品案海外關押統計（截至108年10月31日止）"
    sheet.merge_cells("A1:E1")  # the title across the table
    sheet.append(["國家", "關押人數", "無期", "死刑", "備註"])
    sheet.append(["日本", 70, 2, 0, None])
    sheet.append(["南韓", None, 0, 0, None])
    sheet.merge_cells("B3:B4")  # one count for both rows, as a merged cell: read into each
    sheet.append(["合計", 140, 2, 0, None])
    book.save(tmp_path / "關押.xlsx")
    preview = import_file(dataset, tmp_path / "關押.xlsx")
    assert preview.ok and preview.header_row == 2
    assert preview.added == ["JPN/2019-10-31", "KOR/2019-10-31"] and not preview.rejected
    kept = preview.dataset.detention_snapshots.set_index(["country", "as_of"])
    assert kept.at[("KOR", "2019-10-31"), "detained"] == 70
    assert [i.row for i in preview.left_out] == [5] and "合計" in preview.left_out[0].message
    assert any(m.how == "title" and m.column == "as_of" for m in preview.matches)


def test_the_preview_mapping_can_be_changed_and_is_remembered(qtbot, ws_window, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from mapapp.ui.import_dialog import ImportDialog

    win = ws_window
    win.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    sheet = big5(tmp_path / "時點.csv", "國家,關押人數,無期,死刑,統計時點\n日本,70,2,0,108.10.31\n")
    seen = []

    def review(dialog):  # the user reads the preview, maps 統計時點 to as_of, reads again, imports
        seen.append(dialog.preview.ok)
        dialog.choices["統計時點"].setCurrentIndex(dialog.choices["統計時點"].findData("as_of"))
        dialog.reread_button.click()
        seen.append(dialog.preview.ok)
        return ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", review)
    assert win.workspace.import_path(sheet)
    assert seen == [False, True]
    assert win.ds.detention_snapshots.set_index(["country", "as_of"]).at[("JPN", "2019-10-31"), "detained"] == 70
    seen.clear()  # the same layout again: read with the mapping at once
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: seen.append(dialog.preview.ok) or ImportDialog.DialogCode.Rejected)
    win.workspace.import_path(big5(tmp_path / "又一份.csv", "國家,關押人數,無期,死刑,統計時點\n南韓,31,0,0,108.10.31\n"))
    assert seen == [True]
    assert win.workspace.save()  # the first import, kept (closing would ask)


def test_the_change_between_two_years_on_the_map_and_in_the_details(qtbot, workspace, tmp_path):
    from mapapp.data import present
    from mapapp.data.load import load_dataset
    from mapapp.data.snapshots import change
    from mapapp.to_page import ShowChange
    from tests.conftest import _top_level, close_and_check, open_window, run_js

    assert main(["import", str(big5(tmp_path / "108.csv", NEXT_YEAR)), "--into", str(workspace)]) == 0
    ds = load_dataset(workspace)
    diff = change(ds, "2018-10-31", "2019-10-31")["countries"]
    assert diff["JPN"] == {"old": 66, "new": 70, "delta": 4} and diff["KOR"]["delta"] == -1
    assert diff["IDN"] == {"old": 110, "new": 0, "delta": -110}  # not in the newer table: 0 there
    details = present.details(ds, "country", "JPN", "zh")
    assert any(r.value == "2018-10-31 66 → 2019-10-31 70 (+4)" for r in details.rows)  # "66 -> 70, +4"
    before = _top_level()
    win = open_window(qtbot, workspace)
    try:
        win.map.send(ShowChange(change(ds, "2018-10-31", "2019-10-31")))
        qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-change')") == "2018-10-31:2019-10-31")
        labels = run_js(qtbot, win, "MapApp.entries.detentions.filter(e => e.props.country === 'JPN' || e.props.country === 'KOR')"
                                    ".map(e => MapApp._detentionNode(e.props).textContent).sort()")
        assert labels == ["+4", "−1"]
        colour = run_js(qtbot, win, "MapApp._countryStyle({iso3: 'JPN', detained: 70}).fillColor")
        assert colour == "#fcbba1"  # +4: the first step up (change.js CHANGE_UP)
        assert run_js(qtbot, win, "document.querySelector('.mapapp-legend').textContent").count("2018-10-31 → 2019-10-31") == 1
        win.map.send(ShowChange(None))
        qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-change')") == "")
    finally:
        close_and_check(win, before)


def test_the_price_survey_shows_once_figures_are_imported_filtered_by_drug_and_year(qtbot, workspace, tmp_path):
    from mapapp.data.filtering import Filter
    from mapapp.map.legibility import overlaps
    from mapapp.to_page import SetFilter
    from tests.conftest import _top_level, close_and_check, open_window, run_js
    from tests.test_declutter import drawn_now

    sheet = tmp_path / "價格.csv"  # made-up figures for the test: none ship
    sheet.write_text("國家,毒品,年度,每公克價格,幣別\n泰國,安非他命,2017,900,TWD\n泰國,安非他命,2018,1000,TWD\n"
                     "日本,安非他命,2018,8000,TWD\n日本,愷他命,2018,500,TWD\n", encoding="utf-8")
    assert main(["import", str(sheet), "--into", str(workspace)]) == 0
    before = _top_level()
    win = open_window(qtbot, workspace)
    try:
        def cards():
            return run_js(qtbot, win, "Array.from(document.querySelectorAll('.price-label')).map(n => n.textContent).sort()")

        assert cards() == ["安非他命 1,000 TWD/g (2018)", "愷他命 500 TWD/g (2018)安非他命 8,000 TWD/g (2018)"]
        drawn = drawn_now(qtbot, win)  # placed by the layout: clear of every symbol and label
        assert {d.kind for d in drawn} >= {"prices"}
        assert [o for o in overlaps(drawn) if "prices" in (o.a[0], o.b[0])] == []
        win.map.send(SetFilter(Filter.from_text(drug="methamphetamine", year="106").to_json()))  # ROC 106 = 2017
        qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-prices')") == "1")
        assert cards() == ["安非他命 900 TWD/g (2017)"]
    finally:
        close_and_check(win, before)
