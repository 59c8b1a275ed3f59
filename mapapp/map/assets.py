"""Where the page's scripts and styles come from, inlined so a page needs no network.

Leaflet 1.9.4 comes from the PyPI package django-js-lib-leaflet (static files only);
our own JS and CSS from assets/. Inlining makes every page standalone: the app's
page and an exported HTML file are the same thing.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_IMAGE = re.compile(r"url\((images/[\w.-]+\.png)\)")


def _read(path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def _leaflet():
    """Leaflet's folder in its package. Found when a page is built, not at import: the app's start
    imports this module for bridge_js() alone (importlib.resources costs 3 ms)."""
    from importlib import resources

    return resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"


def _inline_images(css: str) -> str:
    """Leaflet's CSS names images by relative URL; make them data: URIs so nothing is fetched."""

    def data_uri(match: re.Match) -> str:
        raw = (_leaflet() / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(raw).decode("ascii") + ")"

    return _CSS_IMAGE.sub(data_uri, css)


def script_tag(js: str) -> str:
    # "</" would end the inline <script> early; "<\/" means the same to JS.
    return "<script>" + _SOURCE_MAP.sub("", js).replace("</", "<\\/") + "</script>"


def style_tag(css: str) -> str:
    return "<style>" + css.replace("</", "<\\/") + "</style>"


@cache
def leaflet_js() -> str:
    return _read(_leaflet() / "leaflet.js")


@cache
def leaflet_css() -> str:
    return _inline_images(_read(_leaflet() / "leaflet.css"))


# The page code by concern, in the order it is bundled: core opens with the shared helpers and
# the App object, each other file adds its methods to App.
JS_MODULES = ("core", "placement", "layers", "bulk", "corridors", "symbols", "declutter", "groups", "filter", "commands", "scenes", "details",
              "planner", "dragging", "legend", "legibility", "markup", "change", "time", "prices")


def app_js() -> str:
    """The page code as one script: the modules inside one function scope, App published as MapApp."""
    body = "\n".join(_read(ASSETS_DIR / "js" / f"{name}.js") for name in JS_MODULES)
    return '(function () {\n"use strict";\n' + body + "\nwindow.MapApp = App;\n})();\n"


def app_css() -> str:
    return _read(ASSETS_DIR / "css" / "mapapp.css")


def bridge_js() -> str:
    """The desktop app's half of the page bridge (needs Qt's qwebchannel.js before it). The app
    injects both into its web view; they are never part of the page."""
    return _read(ASSETS_DIR / "js" / "bridge.js")


def head_tags() -> list[str]:
    """Styles first, then Leaflet, then our page code, in the order the page needs them."""
    return [style_tag(leaflet_css()), style_tag(app_css()), *(script_tag(js) for js in (leaflet_js(), app_js()))]
