"""docs/screenshots/shared-conflict-zh.png: the window on a shared workspace (a throwaway PostgreSQL
cluster, tests/pg_server.py) as a save meets a row another NPA officer changed meanwhile; the
conflict dialog, its details open, drawn over the window where it appears. Then, merged, the
post selected: who changed it last and its changes from the audit (OUT with -history). Made-up edits.
Usage: python scripts/shared_conflict_screenshot.py OUT.png   (QT_QPA_PLATFORM=offscreen)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402

from mapapp.cli import main as cli  # noqa: E402
from mapapp.data.database.save import save_changes  # noqa: E402
from mapapp.data.load import load_dataset  # noqa: E402
from mapapp.ui import save_conflict  # noqa: E402
from mapapp.ui.app import application  # noqa: E402
from mapapp.ui.main_window import MainWindow  # noqa: E402
from tests.pg_server import PgServer  # noqa: E402


def edited(ds, post_id: str, cells: dict):
    tables = {name: frame.copy() for name, frame in ds.tables.items()}
    for column, value in cells.items():
        tables["posts"].loc[tables["posts"]["id"] == post_id, column] = value
    return tables


def main(out: Path) -> None:
    server = PgServer()
    try:
        url = server.create_database("drugmap")
        cli(["db", "init", url])
        logins = {}
        for name in ("npa_chen", "npa_lin"):
            (server.folder / name).write_text(name + "-secret")
            cli(["db", "add-user", url, name, "--agency", "NPA", "--password-file", str(server.folder / name)])
            logins[name] = server.url("drugmap", name, name + "-secret")
        application()
        win = MainWindow(load_dataset(logins["npa_chen"]), lang="zh", remember=False)
        win.resize(1366, 768)
        loop = QEventLoop()
        win.map.ready.connect(loop.quit)
        win.show()
        loop.exec()
        win.session.change_tables(edited(win.ds, "npa-kor", {"posts": 2}), "posts npa-kor")
        theirs = load_dataset(logins["npa_lin"])
        save_changes(logins["npa_lin"], theirs, edited(theirs, "npa-kor", {"posts": 3, "source": "駐韓聯絡官 108 年新增 1 名（示範）"}))

        def shoot(parent, report, columns_of, lang):
            box = save_conflict.shared_conflict_box(parent, report, columns_of, lang)
            for button in box.buttons():
                if box.buttonRole(button) == box.ButtonRole.ActionRole:  # "Show Details...": the rows, side by side
                    button.click()
            box.show()
            for _ in range(20):
                application().processEvents()
            picture = win.grab().toImage()
            painter = QPainter(picture)
            dialog = box.grab()
            painter.drawPixmap(QPoint((picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 3), dialog)
            painter.end()
            picture.save(str(out))
            box.close()
            return "merge"

        save_conflict.ask_shared_resolution = shoot
        QTimer.singleShot(0, lambda: (win.workspace.save(), loop.quit()))
        loop.exec()
        print(f"wrote {out}")
        if not win.map.is_ready:  # the saved data read back: the page is made again
            win.map.ready.connect(loop.quit)
            loop.exec()
        win.select("posts", "npa-kor")
        win.show_dock("details")
        for _ in range(20):
            application().processEvents()
        history = out.with_name(out.stem + "-history" + out.suffix)
        win.grab().save(str(history))
        print(f"wrote {history}")
        win.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
