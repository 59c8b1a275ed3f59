"""A broken copy of each file gives the error a data officer can act on: file:row:column."""

import json

import pytest

from mapapp.cli import main
from tests.conftest import edit_cell


def check(folder, capsys) -> tuple[int, dict]:
    code = main(["check-data", "--data", str(folder), "--json"])
    return code, json.loads(capsys.readouterr().out)


def where(report: dict) -> list[str]:
    return [f"{e['file']}:{e['row']}:{e['column']}" for e in report["errors"]]


CELL_CASES = [
    # (file, row id, column, bad value, message fragment)
    ("posts.csv", "npa-kor", "agency", "FBI", "unknown code 'FBI'"),
    ("case_drugs.csv", "mjib-2017-mys", "drug", "opium", "unknown code 'opium'"),
    ("places.csv", "tokyo", "lat", "95.1", "outside -90..90"),
    ("places.csv", "tokyo", "lon", "east", "not a number"),
    ("cases.csv", "npa-2017-jpn", "date_start", "2017-13-45", "not a date"),
    ("cases.csv", "npa-2017-jpn", "date_start", "106.8.22", "not a date"),
    ("posts.csv", "npa-kor", "place", "atlantis", "unknown place id"),
    ("detentions.csv", "KOR", "country", "XKX", "unknown country code"),
    ("detentions.csv", "KOR", "detained", "-3", "below the minimum"),
    ("routes.csv", "r-cus-pax-1", "mode", "teleport", "unknown code 'teleport'"),
    ("routes.csv", "r-cus-pax-1", "drugs", "ketamine;heroin", "not among the drugs of case"),
    ("routes.csv", "r-cus-pax-1", "destination", "kuala_lumpur", "destination is the origin"),
    ("cases.csv", "cus-2018-mys-pax", "date_end", "2017-01-01", "before date_start"),
    ("cases.csv", "npa-2017-jpn", "agencies", "MJIB", "lead agency NPA is not among"),
    ("cases.csv", "npa-2017-jpn", "summary_zh", "", "value is required"),
    ("customs_partners.csv", "cus-kor", "tier", "friendly", "unknown code 'friendly'"),
]


@pytest.mark.parametrize("file,row_id,column,value,fragment", CELL_CASES)
def test_bad_cell_is_reported_at_its_cell(data_copy, capsys, file, row_id, column, value, fragment):
    line = edit_cell(data_copy, file, row_id, column, value)
    code, report = check(data_copy, capsys)
    assert code == 1 and not report["ok"]
    assert f"{file}:{line}:{column}" in where(report)
    assert any(fragment in e["message"] for e in report["errors"]), report["errors"]


def test_duplicate_id_points_at_the_second_row(data_copy, capsys):
    path = data_copy / "posts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[3])  # the record on line 4, again, on the new last line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report = check(data_copy, capsys)
    assert code == 1
    assert f"posts.csv:{len(lines)}:id" in where(report)


def test_missing_column_names_the_column(data_copy, capsys):
    path = data_copy / "detentions.csv"
    text = path.read_text(encoding="utf-8").replace("country,detained,life,death", "country,detainees,life,death", 1)
    path.write_text(text, encoding="utf-8")
    code, report = check(data_copy, capsys)
    assert code == 1
    assert "detentions.csv:1:detained" in where(report)


def test_totals_that_do_not_add_up(data_copy, capsys):
    edit_cell(data_copy, "detentions.csv", "JPN", "detained", "67")
    code, report = check(data_copy, capsys)
    assert code == 1
    assert where(report) == ["stated_totals.csv:8:stated"]
    assert "add up to 385, the stated total is 384" in report["errors"][0]["message"]


def test_a_fixed_known_discrepancy_is_flagged(data_copy, capsys):
    edit_cell(data_copy, "detentions.csv", "PHL", "life", "12")  # now the cells add up to 34
    code, report = check(data_copy, capsys)
    assert code == 0
    assert any(w["row"] == 9 and "adds up" in w["message"] for w in report["warnings"])


def test_unquoted_comma_gives_field_count_error(data_copy, capsys):
    path = data_copy / "case_drugs.csv"
    path.write_text(path.read_text(encoding="utf-8") + "cga-2018-idn,heroin,1,000,kg,海洛因1,000公斤\n", encoding="utf-8")
    code, report = check(data_copy, capsys)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert code == 1
    assert f"case_drugs.csv:{len(lines)}:" in where(report)
    assert "fields, expected 5" in report["errors"][0]["message"]


def test_empty_file(data_copy, capsys):
    (data_copy / "routes.csv").write_text("", encoding="utf-8")
    code, report = check(data_copy, capsys)
    assert code == 1 and where(report) == ["routes.csv:1:"]


def test_missing_file(data_copy, capsys):
    (data_copy / "cases.csv").unlink()
    code, report = check(data_copy, capsys)
    assert code == 1 and where(report) == ["cases.csv:0:"]


def test_non_utf8_file_names_the_line(data_copy, capsys):
    path = data_copy / "detentions.csv"
    text = path.read_text(encoding="utf-8").replace("國人因毒品案", "國人因毒品案", 1)
    path.write_bytes(text.encode("cp950"))
    code, report = check(data_copy, capsys)
    assert code == 1 and where(report) == ["detentions.csv:2:"]
    assert "UTF-8" in report["errors"][0]["message"]


def test_utf8_bom_is_accepted(data_copy, capsys):
    path = data_copy / "posts.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, _ = check(data_copy, capsys)
    assert code == 0


def test_case_without_drugs(data_copy, capsys):
    path = data_copy / "case_drugs.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("npa-2017-jpn,")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report = check(data_copy, capsys)
    assert code == 1 and where(report) == ["cases.csv:2:id"]


def test_text_output_lists_every_error_not_just_the_first(data_copy, capsys):
    edit_cell(data_copy, "posts.csv", "npa-kor", "agency", "FBI")
    edit_cell(data_copy, "places.csv", "seoul", "lat", "")
    assert main(["check-data", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "posts.csv:3:agency: error" in err
    assert "places.csv:15:lat: error: value is required" in err
