"""The web view that shows the map page: locked to our local page, talking only through the bridge.

Like Anki's webview: one bridge object, commands queued until the page says it is ready,
the page's console in Python logging, navigation away and new windows refused, and a
request interceptor that lets nothing leave the machine unless online tiles are on.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QFile, QIODevice, QObject, QStandardPaths, QTimer, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from ..bridge import BridgeError, DetailsWanted, FeatureClicked, MapClicked, PostMoved, Ready, from_page
from ..data.filtering import Filter
from ..map.assets import bridge_js
from ..map.page_cache import cached_page, page_key, source_key

if TYPE_CHECKING:  # a view and its start page come before the data stack and the page's commands load
    from ..data.load import Dataset
    from ..state import AppState
    from ..to_page import Command

log = logging.getLogger(__name__)
LOCAL_SCHEMES = {"file", "qrc", "data"}


@cache
def qwebchannel_js() -> str:
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("Qt's qwebchannel.js is missing from this PySide6 build")
    return bytes(f.readAll().data()).decode("utf-8")


def write_app_page(ds: Dataset, flt: Filter, lang: str, view: dict | None = None) -> Path:
    """The file of the map page (setHtml drops pages over 2 MB): the very page export-html writes
    (but that a large kind's words are asked for over the bridge); the view adds the bridge from
    outside (MapView._inject_bridge).

    Built pages are cached by content (map/page_cache.py): folium is imported only on a miss.
    """

    def build() -> str:
        from ..map.build import render_page  # folium: only when the page is not cached

        return render_page(ds, flt, lang, view=view, remote_details=True)

    return cached_page(page_cache_folder(), page_key(ds, flt.to_json(), lang, view), build)


def start_key(source: Path, flt: Filter, lang: str) -> str:
    """What the page of write_app_page(source's data, flt, lang) depends on, from the source's bytes."""
    return source_key(source, flt.to_json(), lang)


def page_cache_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)) / "pages"


_SHARED: dict[int, tuple[QWebEngineProfile, "LocalOnly"]] = {}


def shared_profile() -> tuple[QWebEngineProfile, LocalOnly]:
    """One off-the-record profile (no cache or cookies on disk) for every map view, and its interceptor.

    Owned by the application, so it outlives every page that uses it (Qt warns when a
    profile goes before its pages); the interceptor keeps all of them local.
    """
    app = QCoreApplication.instance()
    if id(app) not in _SHARED:
        profile = QWebEngineProfile(app)
        interceptor = LocalOnly(profile)
        profile.setUrlRequestInterceptor(interceptor)
        _SHARED[id(app)] = (profile, interceptor)
    return _SHARED[id(app)]


class LocalOnly(QWebEngineUrlRequestInterceptor):
    """Blocks every request that is not for local content; remembers what it blocked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.allow_online = False
        self.blocked: deque[str] = deque(maxlen=500)  # the latest, for the log and the tests
        self.seen: deque[str] = deque(maxlen=500)

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt API)
        url = info.requestUrl()
        self.seen.append(url.toString())
        if url.scheme() in LOCAL_SCHEMES or (self.allow_online and url.scheme() == "https"):
            return
        self.blocked.append(url.toString())
        info.block(True)


class LockedPage(QWebEnginePage):
    def __init__(self, profile: QWebEngineProfile, parent=None):
        super().__init__(profile, parent)
        self.home: QUrl | None = None
        self._inject_bridge()

    def _inject_bridge(self) -> None:
        """Qt's channel and our bridge, injected into every page this view loads (as Anki does),
        so the page file itself stays the page a browser opens from export-html."""
        for name, source in (("qwebchannel", qwebchannel_js()), ("mapapp-bridge", bridge_js())):
            script = QWebEngineScript()
            script.setName(name)
            script.setSourceCode(source)
            script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
            script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
            script.setRunsOnSubFrames(False)
            self.scripts().insert(script)

    def acceptNavigationRequest(self, url: QUrl, nav_type, is_main_frame: bool) -> bool:  # noqa: N802
        allowed = self.home is not None and url.toString().split("#")[0] == self.home.toString()
        if not allowed:
            log.warning("refused navigation to %s", url.toString())
        return allowed

    def createWindow(self, _type):  # noqa: N802
        return None

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802
        log.log(logging.WARNING if level != QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel else logging.DEBUG,
                "page: %s (%s:%s)", message, source, line)


class Bridge(QObject):
    """The one object the page sees. Its one slot takes a JSON message and validates it."""

    ready = Signal(dict)
    clicked = Signal(str, str)
    map_clicked = Signal(str, float, float)  # mode, lat, lon
    post_moved = Signal(str, float, float)  # id, lat, lon
    details_wanted = Signal(str, str)  # kind, id

    @Slot(str)
    def send(self, text: str) -> None:
        try:
            msg = from_page(text)
        except BridgeError as exc:
            log.warning("refused page message: %s", exc)
            return
        if isinstance(msg, Ready):
            self.ready.emit(msg.counts)
        elif isinstance(msg, FeatureClicked):
            self.clicked.emit(msg.kind, msg.id)
        elif isinstance(msg, MapClicked):
            self.map_clicked.emit(msg.mode, msg.lat, msg.lon)
        elif isinstance(msg, PostMoved):
            self.post_moved.emit(msg.id, msg.lat, msg.lon)
        elif isinstance(msg, DetailsWanted):
            self.details_wanted.emit(msg.kind, msg.id)


class MapView(QWebEngineView):
    ready = Signal(dict)  # counts the page drew
    clicked = Signal(str, str)  # kind, id
    map_clicked = Signal(str, float, float)  # planner pick mode, lat, lon
    post_moved = Signal(str, float, float)  # a post dragged while editing: id, lat, lon
    details_wanted = Signal(str, str)  # the page asks for a feature's words it does not carry: kind, id
    load_failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.profile, self.interceptor = shared_profile()
        self.locked_page = LockedPage(self.profile, self)
        self.setPage(self.locked_page)
        self.bridge = Bridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        self.locked_page.setWebChannel(self.channel)
        self.bridge.ready.connect(self._on_ready)
        self.bridge.clicked.connect(self.clicked)
        self.bridge.map_clicked.connect(self.map_clicked)
        self.bridge.post_moved.connect(self.post_moved)
        self.bridge.details_wanted.connect(self.details_wanted)
        self.loadFinished.connect(self._on_load_finished)
        self.is_ready = False
        self._queue: list[tuple[Command, object]] = []

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """No Back/Reload/View source menu on the map; passed on, as Qt's NoContextMenu policy would
        (not set as that: making Qt's enums costs 15 ms before the map loads)."""
        event.ignore()

    def load_page(self, path: Path) -> None:
        """A new page: what was queued for the old one is dropped (the window replays its state on ready)."""
        self.is_ready = False
        self._queue.clear()
        url = QUrl.fromLocalFile(str(path.resolve()))
        self.locked_page.home = url
        self.load(url)

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.load_failed.emit(f"the map page did not load: {self.locked_page.home.toString()}")

    def _on_ready(self, counts: dict) -> None:
        self.is_ready = True
        queued, self._queue = self._queue, []
        for command, on_reply in queued:
            self._run(command, on_reply)
        self.ready.emit(counts)

    def _run(self, command: Command, on_reply) -> None:
        if on_reply is None:
            self.locked_page.runJavaScript(receive_js(command), 0)
            return

        def answered(raw) -> None:
            if isinstance(raw, str) and raw:  # None or "": the page went away before it answered
                on_reply(command.reply(json.loads(raw)))

        self.locked_page.runJavaScript(receive_js(command), 0, answered)

    def send(self, command: Command, on_reply=None) -> None:
        """Hand a command to the page's one entry point; on_reply gets its typed reply. Queued until the page is ready."""
        if self.is_ready:
            self._run(command, on_reply)
        else:
            self._queue.append((command, on_reply))

    def follow(self, state: AppState) -> None:
        """Show each change of the state's theme, editing mode, pick mode and gap map as it happens."""
        from ..to_page import EndPlan, SetEditing, SetPick, SetTheme, ShowPlan

        events, send = state.events, self.send
        events.theme.connect(lambda theme: send(SetTheme(theme)))
        events.editing.connect(lambda on: send(SetEditing(on)))
        events.pick.connect(lambda mode: send(SetPick(mode)))
        events.plan_overlay.connect(lambda overlay: send(EndPlan() if overlay is None else ShowPlan(overlay)))

    def when_laid_out(self, callback, timeout_ms: int = 5000) -> None:
        """Call back once the page has worked through what it was sent and is laid out at the view's size.

        The answer to a round trip queues behind the page's pending work (such as building the
        full country shapes after a scene zooms in). Grabbing without waiting for it once showed
        a frame from before the window's last resize: a scene's caption half off the picture.
        """
        from ..to_page import GetSize

        deadline = time.monotonic() + timeout_ms / 1000

        def check(size: tuple[int, int]) -> None:
            if size == (self.width(), self.height()) or time.monotonic() > deadline:
                callback()
            else:
                QTimer.singleShot(40, lambda: self.send(GetSize(), check))

        self.send(GetSize(), check)


def receive_js(command: Command) -> str:
    """The JS expression that hands a command to the page's one entry point."""
    return "MapApp.receive(" + _js_string(command.message()) + ")"


def _js_string(text: str) -> str:
    """A JSON string literal is a valid JS string literal (with U+2028/9 escaped)."""
    return json.dumps(text).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
