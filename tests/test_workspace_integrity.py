"""The workspace is a database several programs write: nothing they do to it is lost."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from mapapp.cli import main
from mapapp.data.importing import import_file
from mapapp.data.load import load_dataset
from mapapp.data.schema import BY_NAME
from mapapp.data.workspace_changes import SaveConflict, save_as, save_changes
from mapapp.data.workspace_diff import layer_changes
from tests.conftest import digest

ROOT = Path(__file__).resolve().parents[1]


def rows(path, sql):
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def prices_csv(path, *years, drug="安非他命", price=12.5):
    lines = ["國家,毒品,年度,每公克價格,幣別,來源"] + [f"泰國,{drug},{y},{price},USD,test survey {y}" for y in years]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------- two writers at once ----------

WORKER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mapapp.cli import main
    ws, folder, first = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    failed = 0
    for year in range(first, first + 20):
        src = folder / f"p{year}.csv"
        src.write_text("country,drug,year,price_per_gram,currency,source\\n"
                       f"THA,ketamine,{year},1.5,USD,round {year}\\n", encoding="utf-8")
        failed += main(["import", str(src), "--into", str(ws)]) != 0
    sys.exit(1 if failed else 0)
""")


def test_two_processes_importing_into_one_workspace_keep_every_row(workspace, tmp_path):
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = []
    for n, first in enumerate((1900, 2000)):
        folder = tmp_path / f"w{n}"
        folder.mkdir()
        procs.append(subprocess.Popen([sys.executable, str(worker), str(workspace), str(folder), str(first)], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in procs]
    landed = {int(y) for (y,) in rows(workspace, "select year from prices")}
    assert [code for code, _, _ in results] == [0, 0], results
    assert landed == set(range(1900, 1920)) | set(range(2000, 2020))  # 40 rows, none lost
    assert sum(out.count("wrote ") for _, out, _ in results) == 40
    assert main(["check-data", "--data", str(workspace)]) == 0


def test_rows_changed_underneath_a_save_are_refused_not_overwritten(workspace, tmp_path, capsys):
    mine = load_dataset(workspace)  # read before the other save
    other = tmp_path / "d.csv"
    other.write_text("country,detained,life,death,as_of\nJPN,70,2,0,2018-10-31\n", encoding="utf-8")
    assert main(["import", str(other), "--into", str(workspace)]) == 0
    before = digest(workspace)
    src = tmp_path / "mine.csv"
    src.write_text("country,detained,life,death,as_of\nJPN,99,2,0,2018-10-31\nMMR,5,0,0,2018-10-31\n", encoding="utf-8")
    preview = import_file(mine, src)
    with pytest.raises(SaveConflict) as caught:
        save_changes(workspace, mine, preview.tables, mine.scenes_text)
    assert [(c.layer, c.key, c.kind) for c in caught.value.conflicts] == [("detentions", "JPN/2018-10-31", "changed")]
    assert "detained: read '66', now '70'" in str(caught.value) and "work.gpkg is unchanged" in str(caught.value)
    assert digest(workspace) == before  # MMR did not land either: a refused save writes nothing

    report = save_changes(workspace, mine, preview.tables, mine.scenes_text, resolve="theirs")
    assert report.others and [c.key for c in report.kept_theirs] == ["JPN/2018-10-31"]
    det = dict(rows(workspace, "select country, detained from detentions"))
    assert det["JPN"] == 70 and det["MMR"] == 5  # theirs kept, my other row saved

    mine = load_dataset(workspace)
    with sqlite3.connect(workspace) as db:  # a colleague edits the same row in QGIS meanwhile
        db.execute("update detentions set detained = 71 where country = 'JPN'")
    preview = import_file(mine, src)
    with pytest.raises(SaveConflict):
        save_changes(workspace, mine, preview.tables, mine.scenes_text)
    save_changes(workspace, mine, preview.tables, mine.scenes_text, resolve="mine")
    assert dict(rows(workspace, "select country, detained from detentions"))["JPN"] == 99


def test_a_save_changes_only_its_rows_and_keeps_fids(workspace, tmp_path):
    fids = dict(rows(workspace, "select id, fid from posts"))
    src = prices_csv(tmp_path / "p.csv", 107)
    assert main(["import", str(src), "--into", str(workspace)]) == 0
    assert dict(rows(workspace, "select id, fid from posts")) == fids
    (revision,) = rows(workspace, "select value from mapapp_workspace where key = 'revision'")[0]
    assert revision == "2"


# ---------- other programs' layers, counts, links and permissions ----------


def test_a_layer_added_with_ogr2ogr_survives_an_import(workspace, tmp_path):
    notes = tmp_path / "notes.geojson"
    notes.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"note":"colleague"},'
                     '"geometry":{"type":"Point","coordinates":[121.5,25.0]}}]}', encoding="utf-8")
    subprocess.run(["ogr2ogr", "-update", "-f", "GPKG", str(workspace), str(notes), "-nln", "colleague_notes"], check=True)
    assert main(["import", str(prices_csv(tmp_path / "p.csv", 107)), "--into", str(workspace)]) == 0
    out = subprocess.run(["ogrinfo", "-al", "-so", str(workspace), "colleague_notes"], capture_output=True, text=True,
                         check=True).stdout
    assert "Feature Count: 1" in out
    assert rows(workspace, "select note from colleague_notes") == [("colleague",)]
    assert main(["check-data", "--data", str(workspace)]) == 0


def test_a_stale_feature_count_neither_hides_nor_deletes_rows(workspace, tmp_path, capsys):
    with sqlite3.connect(workspace) as db:
        db.execute("update gpkg_ogr_contents set feature_count = 5 where table_name = 'posts'")
    assert main(["check-data", "--data", str(workspace)]) == 0
    out = capsys.readouterr().out
    assert "work.gpkg:posts:0:: warning: gpkg_ogr_contents counts 5 rows, the table holds 38" in out
    assert re.search(r"^posts +rows 38;", out, re.MULTILINE)
    assert len(load_dataset(workspace).posts) == 38
    assert main(["import", str(prices_csv(tmp_path / "p.csv", 107)), "--into", str(workspace)]) == 0
    assert rows(workspace, "select count(*) from posts") == [(38,)]
    assert rows(workspace, "select feature_count from gpkg_ogr_contents where table_name = 'posts'") == [(38,)]


def test_an_import_through_a_symlink_updates_the_target_and_keeps_permissions(workspace, tmp_path):
    os.chmod(workspace, 0o640)
    link = tmp_path / "link.gpkg"
    link.symlink_to(workspace)
    assert main(["import", str(prices_csv(tmp_path / "p.csv", 107)), "--into", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == workspace
    assert rows(workspace, "select year from prices") == [(2018,)]
    assert oct(workspace.stat().st_mode & 0o777) == "0o640"


def test_dry_run_creates_no_file(tmp_path, capsys):
    ws = tmp_path / "new.gpkg"
    assert main(["import", str(prices_csv(tmp_path / "p.csv", 107)), "--into", str(ws), "--dry-run"]) == 0
    assert "prices: 1 added" in capsys.readouterr().out
    assert not ws.exists() and not list(tmp_path.glob(".new.gpkg*"))


# ---------- failures say what, where, and that nothing changed ----------


def test_open_errors_name_the_workspace(tmp_path, capsys):
    bad = tmp_path / "broken.gpkg"
    bad.write_bytes(b"this is not a database" * 100)
    src = prices_csv(tmp_path / "p.csv", 107)
    assert main(["import", str(src), "--into", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "broken.gpkg" in err and "not a GeoPackage (SQLite) file" in err
    assert "mapapp/data" not in err  # not the shipped folder
    folder = tmp_path / "folder.gpkg"
    folder.mkdir()
    assert main(["check-data", "--data", str(folder)]) == 1
    assert "folder.gpkg" in capsys.readouterr().err


def test_a_full_disk_fails_the_save_with_a_message_and_changes_nothing(workspace, tmp_path, small_disk, capsys):
    ws = small_disk / "work.gpkg"
    shutil.copy(workspace, ws)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * (free - 8192))  # two pages left: the journal and new rows cannot fit
    before = digest(ws)
    src = prices_csv(tmp_path / "p.csv", *range(1, 800), drug="ketamine")
    assert main(["import", str(src), "--into", str(ws)]) == 1
    err = capsys.readouterr().err
    assert f"could not save {ws}: the disk is full; work.gpkg is unchanged" in err
    assert digest(ws) == before
    filler.unlink()
    assert main(["check-data", "--data", str(ws)]) == 0


def test_a_read_only_workspace_fails_the_save_with_a_message(workspace, tmp_path, small_disk, capsys):
    ws = small_disk / "work.gpkg"
    shutil.copy(workspace, ws)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert main(["import", str(prices_csv(tmp_path / "p.csv", 107)), "--into", str(ws)]) == 1
    err = capsys.readouterr().err
    assert f"could not save {ws}: the file or its folder is read-only; work.gpkg is unchanged" in err
    assert main(["check-data", "--data", str(ws)]) == 0  # and it still opens for reading


def test_the_diff_finds_exactly_the_rows_that_changed(dataset):
    posts = dataset.tables["posts"]
    after = posts.drop(index=3).reset_index(drop=True)
    after.loc[9, "source"] = "edited"
    after.loc[0, "id"] = "npa-renamed"
    after = pd.concat([after, posts.iloc[[5]].assign(id="mjib-new")], ignore_index=True)
    found = {(c.kind, c.key) for c in layer_changes(BY_NAME["posts"], posts, after)}
    assert found == {("updated", (after.at[9, "id"],)), ("added", ("npa-renamed",)), ("added", ("mjib-new",)),
                     ("deleted", (posts.at[0, "id"],)), ("deleted", (posts.at[3, "id"],))}
    assert layer_changes(BY_NAME["posts"], posts, posts.copy()) == []
    cleared = posts.copy()
    cleared["source"] = cleared["source"].astype(object)
    cleared.loc[2, "source"] = pd.NA  # an emptied cell is a change, NA or None alike
    assert [(c.kind, c.values["source"]) for c in layer_changes(BY_NAME["posts"], posts, cleared)] == [("updated", None)]


def test_save_as_copies_the_whole_file_with_the_changes(workspace, tmp_path):
    with sqlite3.connect(workspace) as db:
        db.execute("create table colleague_notes (fid integer primary key, note text)")
        db.execute("insert into colleague_notes (note) values ('kept')")
    base = load_dataset(workspace)
    preview = import_file(base, prices_csv(tmp_path / "p.csv", 107))
    before = digest(workspace)
    target = tmp_path / "copy.gpkg"
    report = save_as(workspace, target, base, preview.tables, base.scenes_text)
    assert report.path == target and report.summary() == "prices: 1 added"
    assert rows(target, "select note from colleague_notes") == [("kept",)]
    assert rows(target, "select year from prices") == [(2018,)]
    assert digest(workspace) == before  # the original is not touched by a save as
    fresh = save_as(None, tmp_path / "fresh.gpkg", base, preview.tables, base.scenes_text)  # from a data folder
    assert len(load_dataset(fresh.path).prices) == 1


def test_the_briefing_scenes_are_checked_like_rows(workspace):
    mine = load_dataset(workspace)
    with sqlite3.connect(workspace) as db:  # another window saved its scenes meanwhile
        db.execute("update scenes set document = replace(document, '前言', '前言（修訂）')")
    with pytest.raises(SaveConflict) as caught:
        save_changes(workspace, mine, mine.tables, mine.scenes_text.replace("結語", "結語（我的）"))
    assert str(caught.value.conflicts[0]) == "scenes document: was changed by another save since it was read"
    save_changes(workspace, mine, mine.tables, mine.scenes_text.replace("結語", "結語（我的）"), resolve="mine")
    assert "結語（我的）" in load_dataset(workspace).scenes_text
