"""The window on a shared workspace: a save whose row someone else changed meanwhile asks whose
row wins and merges; who changed a feature last is in its details; others' saves are read in live,
the view kept."""

import psycopg

from mapapp.data import present
from mapapp.data.database.save import save_changes
from mapapp.data.load import load_dataset
from tests.conftest import _top_level, close_and_check, open_window, run_js
from tests.test_database import _init, _login


def _edit(ds, post_id, column, value):
    tables = {name: frame.copy() for name, frame in ds.tables.items()}
    tables["posts"].loc[tables["posts"]["id"] == post_id, column] = value
    return tables


def test_a_conflict_in_the_window_is_merged_and_others_changes_come_in_live(qtbot, pg_server, pg_database, tmp_path,
                                                                          capsys, monkeypatch):
    from mapapp.ui import save_conflict

    database, url = pg_database
    _init(url, capsys)
    me, my_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    other, other_url = _login(pg_server, database, url, tmp_path, "NPA", capsys)
    asked = []
    shown = []  # what the conflict box would list

    def ask(w, report, columns_of, lang):
        asked.append(report)
        shown.append(save_conflict.shared_conflict_box(w, report, columns_of, lang).detailedText())
        return "merge"

    monkeypatch.setattr(save_conflict, "ask_shared_resolution", ask)
    before = _top_level()
    win = open_window(qtbot, my_url)
    try:
        assert win.windowTitle().endswith(f"{me}@{pg_server.folder}:5432/{database}")  # never the password
        assert win.session.change_tables(_edit(win.ds, "npa-kor", "posts", 3), "edit") == []
        theirs = load_dataset(other_url)
        assert save_changes(other_url, theirs, _edit(theirs, "npa-kor", "source", "office: new figures")).counts
        with qtbot.waitSignal(win.map.ready, timeout=30_000):  # the saved data read back: the page made again
            assert win.workspace.save()
        conflict = asked[0].conflicts[0]
        assert (conflict.layer, conflict.key, conflict.who) == ("posts", ("npa-kor",), other)
        assert f"駐外據點 npa-kor：{other} 於 " in shown[0] and "posts：我的「3」／對方的「1」" in shown[0]
        saved = load_dataset(url).tables["posts"].set_index("id").loc["npa-kor"]
        assert (saved["posts"], saved["source"]) == (3, "office: new figures")  # both kept
        assert not win.session.dirty
        rows = {r.label: r.value for r in present.details(win.ds, "posts", "npa-kor", "zh").rows}
        assert rows["最後修改"].startswith(f"{me} · ") and rows["最後修改"].endswith("· v3")
        win.details.show_item("posts", "npa-kor")  # every change of the feature, from the audit table
        history = win.details.toPlainText()
        assert "變更紀錄（2）" in history
        assert f"{me} 修改：posts: 1 → 3" in history and f"{other} 修改：source: " in history
        # Someone else saves: the window reads it in by itself, the map where it was.
        run_js(qtbot, win, "MapApp.map.setView([13.7, 100.5], 6, {animate: false}) && 1")  # the user zoomed in on Bangkok
        theirs = load_dataset(other_url)
        with qtbot.waitSignal(win.map.ready, timeout=30_000):  # read in by itself, the page made again
            save_changes(other_url, theirs, _edit(theirs, "npa-jpn", "source", "office: Tokyo figures"))
        assert win.ds.tables["posts"].set_index("id").loc["npa-jpn", "source"] == "office: Tokyo figures"
        assert "其他人的變更已載入" in win.statusBar().currentMessage()
        centre, zoom = run_js(qtbot, win, "[MapApp.map.getCenter(), MapApp.map.getZoom()]")
        assert abs(centre["lat"] - 13.7) < 1 and abs(centre["lng"] - 100.5) < 1 and zoom >= 5.5  # still on Bangkok
        # With unsaved work, others' saves are not read over it: the status bar says so.
        assert win.session.change_tables(_edit(win.ds, "npa-tha", "posts", 2), "edit") == []
        theirs = load_dataset(other_url)
        save_changes(other_url, theirs, _edit(theirs, "npa-jpn", "source", "office: later figures"))
        qtbot.waitUntil(lambda: "其他人變更了資料" in win.statusBar().currentMessage(), timeout=10_000)
        assert win.session.dirty and win.ds.tables["posts"].set_index("id").loc["npa-tha", "posts"] == 2
        # Saved as a file, the window follows that file, no longer the server.
        copy = tmp_path / "copy.gpkg"
        assert win.workspace.save_to(copy) and win.workspace.shared is None and win.session.path == copy
    finally:
        close_and_check(win, before)
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from pg_stat_activity where usename = %s", (me,)).fetchone()[0] == 0
