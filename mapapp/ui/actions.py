"""The window's menus, shortcuts and toolbar: every command a user can give, in one table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

from ..strings import STRINGS
from ..to_page import Fit

if TYPE_CHECKING:
    from .main_window import MainWindow

KEYS = QKeySequence.StandardKey
MENUS = ("menu_file", "menu_edit", "menu_view", "menu_present", "menu_language", "menu_help")
LANGUAGES = (("zh", "中文"), ("en", "English"))
TOOLBAR = ("reset_filter", "fit", "present", "export_png", "export_html", "toggle_language")


def _commands(w: MainWindow) -> dict:
    """Action name -> (what it does, its shortcut)."""
    files, out = w.workspace, w.exporter
    return {
        "new_workspace": (files.new_workspace, KEYS.New),
        "open_workspace": (files.open_workspace, KEYS.Open),
        "save_workspace": (files.save, KEYS.Save),
        "save_workspace_as": (files.save_as, "Ctrl+Shift+S"),
        "import_file": (files.import_file, "Ctrl+I"),
        "export_layer": (files.export_layer, None),
        "undo": (lambda: w.session.undo.undo(), KEYS.Undo),
        "redo": (lambda: w.session.undo.redo(), KEYS.Redo),
        "data_tables": (lambda: w.show_dock("tables"), "Ctrl+T"),
        "export_html": (out.html, "Ctrl+E"),
        "quit": (w.close, KEYS.Quit),
        "reset_filter": (w.reset_filter, "Ctrl+R"),
        "fit": (lambda: w.map.send(Fit()), "Ctrl+0"),
        "toggle_language": (w.toggle_language, "Ctrl+L"),
        "about": (lambda: _message(w, "about", "about_text"), "F1"),
        "search": (lambda: w.search.setFocus(), KEYS.Find),
        "present": (lambda: w.presenter.start(0), "F5"),
        "present_here": (w.present_here, "Shift+F5"),
        "rehearse": (lambda: w.presenter.start(0, rehearse=True), None),
        "present_keys": (lambda: _message(w, "present_keys", "present_keys_text"), None),
        "show_change": (lambda: _toggle_change(w), None),
        "projector_theme": (w.toggle_theme, "Ctrl+Shift+T"),
        "export_png": (out.png, "Ctrl+Shift+E"),
        "export_pdf": (lambda: out.scenes("pdf"), None),
        "export_pptx": (lambda: out.scenes("pptx"), None),
    }


def _action(w: MainWindow, key: str, slot, shortcut) -> QAction:
    action = QAction(w)
    action.setObjectName("search_focus" if key == "search" else key)
    action.triggered.connect(slot)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    w.addAction(action)
    return action


def build(w: MainWindow) -> None:
    """w.act (name -> action), w.lang_actions, w.menus and the toolbar."""
    w.act = {key: _action(w, key, slot, shortcut) for key, (slot, shortcut) in _commands(w).items()}
    w.act["undo"].setEnabled(False)
    w.act["redo"].setEnabled(False)
    w.act["projector_theme"].setCheckable(True)
    w.act["projector_theme"].setChecked(w.theme == "projector")
    w.lang_group = QActionGroup(w)
    w.lang_actions = {}
    for code, label in LANGUAGES:
        action = QAction(label, w, checkable=True)
        action.triggered.connect(lambda _=False, c=code: w.set_language(c))
        w.lang_group.addAction(action)
        w.lang_actions[code] = action
    bar = w.menuBar()
    w.menus = {k: bar.addMenu("") for k in MENUS}
    file_menu, act = w.menus["menu_file"], w.act
    file_menu.addActions([act[k] for k in ("new_workspace", "open_workspace")])
    w.menus["menu_recent"] = file_menu.addMenu("")
    file_menu.addActions([act[k] for k in ("save_workspace", "save_workspace_as")])
    file_menu.addSeparator()
    file_menu.addActions([act[k] for k in ("import_file", "export_layer")])
    file_menu.addSeparator()
    file_menu.addActions([act[k] for k in ("export_html", "export_png", "export_pdf", "export_pptx")])
    file_menu.addSeparator()
    file_menu.addAction(act["quit"])
    w.menus["menu_edit"].addActions([act["undo"], act["redo"]])
    w.menus["menu_edit"].addSeparator()
    w.menus["menu_edit"].addAction(act["data_tables"])
    w.menus["menu_view"].addActions([act["reset_filter"], act["fit"], act["search"]])
    w.menus["menu_view"].addAction(act["show_change"])
    w.menus["menu_view"].addSeparator()
    w.menus["menu_view"].addActions([d.toggleViewAction() for d in w.docks.values()])
    w.menus["menu_present"].addActions([act[k] for k in ("present", "present_here", "rehearse", "projector_theme", "present_keys")])
    w.menus["menu_language"].addActions(list(w.lang_actions.values()))
    w.menus["menu_language"].addSeparator()
    w.menus["menu_language"].addAction(act["toggle_language"])
    w.menus["menu_help"].addAction(act["about"])
    tools = w.addToolBar("main")
    tools.setObjectName("toolbar-main")
    tools.addWidget(w.search)
    tools.addActions([act[k] for k in TOOLBAR])


def retranslate(w: MainWindow) -> None:
    ui = STRINGS[w.lang]
    for key, menu in w.menus.items():
        menu.setTitle(ui[key])
    for key, action in w.act.items():
        action.setText(ui[key])
        if key != "search":
            action.setToolTip(ui.get(f"{key}_tip", ui[key]))
    w.lang_actions[w.lang].setChecked(True)


def _message(w: MainWindow, title: str, text: str) -> None:
    QMessageBox.information(w, STRINGS[w.lang][title], STRINGS[w.lang][text])


def _toggle_change(w) -> None:
    from .controllers.change import toggle_change  # the data stack: loaded by then, not at start

    toggle_change(w)
