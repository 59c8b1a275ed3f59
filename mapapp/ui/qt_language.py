"""Qt's own words in the window's language: the buttons of its message boxes (Save, Discard,
Cancel, Yes, No, Show Details...) and its file dialogs. Without this a Chinese window asked
"儲存變更？" over English buttons. The translations ship with PySide6; English is Qt's own."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

QT_LOCALES = {"zh": "zh_TW"}  # the window's language -> Qt's translation (Traditional Chinese, Taiwan)
_installed: dict[int, QTranslator] = {}  # per application: one translator at a time


def use_language(lang: str) -> None:
    """Qt's words in lang from now on, for the whole application (its windows share one language)."""
    app = QCoreApplication.instance()
    old = _installed.pop(id(app), None)
    if old is not None:
        app.removeTranslator(old)
    locale = QT_LOCALES.get(lang)
    if locale is None:
        return
    translator = QTranslator(app)
    if translator.load(f"qtbase_{locale}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        _installed[id(app)] = translator
