"""Hostile files are refused whole, by name and reason, within a stated memory budget."""

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mapapp.cli import main
from mapapp.data.importing import readers
from tests.conftest import digest

ROOT = Path(__file__).resolve().parents[1]
SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx_with(path: Path, parts: dict[str, bytes]) -> Path:
    """A real workbook (detention figures) with some of its XML parts replaced."""
    book = openpyxl.Workbook()
    book.active.append(["國家", "關押人數", "統計截至"])
    book.active.append(["日本", 70, "108.1.31"])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename not in parts:
                dst.writestr(item, src.read(item))
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A 3 MB .xlsx whose sheet unzips to 1.1 GB."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    xlsx_with(path, {})
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z, \
            z.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as fh:
        fh.write(HEAD + b"<worksheet " + NS + b"><sheetData>")
        for _ in range(1100 * 1024 * 1024 // len(row)):
            fh.write(row)
        fh.write(b"</sheetData></worksheet>")
    return path


XXE = HEAD + b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet ' + NS + \
    b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
LAUGHS = HEAD + b'<!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + \
    b''.join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((c,) + (c - 1,) * 10) for c in b"cdefghi") + \
    b']><sst ' + NS + b' count="1" uniqueCount="1"><si><t>&i;</t></si></sst>'


def run_capped(*args: str) -> subprocess.CompletedProcess:
    """The command line under a 1 GB address-space cap, as on a small laptop."""
    prlimit = shutil.which("prlimit")
    assert prlimit, "prlimit (util-linux) is installed by scripts/install.sh --test"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run([prlimit, f"--as={1 << 30}", sys.executable, str(ROOT / "main.py"), *args],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize("kind", ["bomb", "xxe", "laughs"])
def test_hostile_workbooks_are_refused_under_a_1_gb_cap(kind, bomb, workspace, tmp_path):
    src = {"bomb": lambda: bomb,
           "xxe": lambda: xlsx_with(tmp_path / "xxe.xlsx", {SHEET: XXE}),
           "laughs": lambda: xlsx_with(tmp_path / "laughs.xlsx", {"xl/sharedStrings.xml": LAUGHS})}[kind]()
    before = digest(workspace)
    done = run_capped("import", str(src), "--into", str(workspace))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    if kind == "bomb":
        assert re.search(r"bomb\.xlsx:0:: error: unpacks to 1,1\d\d MB, over the 100 MB an import reads", done.stderr)
    else:
        assert f"{src.name}:0:: error: part " in done.stderr and "declares a DTD or entities" in done.stderr
    assert f"nothing imported; {workspace} is unchanged" in done.stderr
    assert digest(workspace) == before


@pytest.mark.parametrize("name,parts,reason", [
    ("truncated-sheet.xlsx", {SHEET: HEAD + b"<worksheet " + NS + b"><sheetData><row r=\"1\"><c r=\"A1\""},
     "not a readable Excel .xlsx file"),
    ("not-xml.xlsx", {SHEET: b"\x00\x01 binary junk"}, "not a readable Excel .xlsx file"),
    ("no-workbook.xlsx", {"xl/workbook.xml": b"<nonsense/>"}, "not a readable Excel .xlsx file"),
])
def test_malformed_workbooks_are_refused_by_name(workspace, tmp_path, capsys, name, parts, reason):
    src = xlsx_with(tmp_path / name, parts)
    before = digest(workspace)
    assert main(["import", str(src), "--into", str(workspace)]) == 1
    err = capsys.readouterr().err
    assert f"{name}:0:: error: {reason}" in err and "is unchanged" in err
    assert digest(workspace) == before


def test_row_limits_are_stated(workspace, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 3)
    book = openpyxl.Workbook()
    book.active.append(["國家", "關押人數", "統計截至"])
    for country in ("日本", "泰國", "越南", "寮國"):
        book.active.append([country, 1, "108.1.31"])
    book.save(tmp_path / "long.xlsx")
    (tmp_path / "long.csv").write_text("國家,關押人數,統計截至\n" + "日本,1,108.1.31\n" * 4, encoding="utf-8")
    for name in ("long.xlsx", "long.csv"):
        assert main(["import", str(tmp_path / name), "--into", str(workspace)]) == 1
        assert "more than 3 rows, the most an import reads" in capsys.readouterr().err


def test_deeply_nested_json_is_refused(workspace, tmp_path, capsys):
    src = tmp_path / "deep.geojson"
    src.write_text('{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert main(["import", str(src), "--into", str(workspace)]) == 1
    assert "deep.geojson:0:: error: JSON nested too deeply" in capsys.readouterr().err
