"""Dataset + Filter -> one standalone, offline HTML page with a folium/Leaflet map.

folium builds the map object and the page skeleton; the data goes in once as JSON and
assets/js/ (bundled by map/assets.py) draws and filters it in the page, so a filter change never
rebuilds or reloads the page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from ..data import present
from ..data.atomic import write_text_atomic
from ..data.filtering import Filter
from ..data.load import Dataset
from ..data.names import by_language
from ..data.related import KIND_FRAMES
from ..strings import LANGUAGES, STRINGS
from . import assets, layers
from .style import page_styles

PAGE_ID = "mapapp-data"
# Features of one kind whose words the app's page carries; beyond, it asks Python for them on a click
# or hover (bridge.DetailsWanted). At 100,000 cases their words were 26 MB per language.
DETAILS_INLINE_MAX = 5_000
DETAIL_ID = "mapapp-basemap-detail"
DETAILS_ID = "mapapp-details"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


class PageData(MacroElement):
    """Puts the page's data in inert JSON blocks and starts the page code on the map.

    The countries' full shapes get a block of their own, which the page parses only when
    the map is first zoomed in past the overview; so do the features' details (data/present.py),
    parsed on the first click.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}<script type="application/json" id="{{ this.page_id }}">{{ this.payload }}</script>
<script type="application/json" id="{{ this.detail_id }}">{{ this.detail }}</script>
<script type="application/json" id="{{ this.details_id }}">{{ this.details }}</script>{% endmacro %}
        {% macro script(this, kwargs) %}MapApp.init({{ this._parent.get_name() }}, "{{ this.page_id }}", "{{ this.detail_id }}", "{{ this.details_id }}");{% endmacro %}
        """
    )

    def __init__(self, payload: dict, detail: list[dict], details: dict):
        super().__init__()
        self._name = "PageData"
        self.page_id, self.detail_id, self.details_id = PAGE_ID, DETAIL_ID, DETAILS_ID
        self.payload = html_safe_json(payload)
        self.detail = html_safe_json(detail)
        self.details = html_safe_json(details)


def html_safe_json(obj) -> str:
    """JSON that cannot close its <script> block: <, > and & become \\u escapes."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def remote_kinds(ds: Dataset, remote_details: bool) -> tuple[str, ...]:
    """The kinds whose details the page asks for instead of carrying (only where a host can answer)."""
    if not remote_details:
        return ()
    return tuple(kind for kind, frame in KIND_FRAMES.items() if len(getattr(ds, frame)) > DETAILS_INLINE_MAX)


def page_payload(ds: Dataset, flt: Filter, lang: str, view: dict | None = None, remote: tuple[str, ...] = ()) -> dict:
    """view: {"bounds": [[south, west], [north, east]]} in display longitudes; None fits the data."""
    return {
        "remoteDetails": list(remote),
        "layers": layers.all_layers(ds),
        "results": layers.results(ds),
        "filter": flt.to_json(),
        "view": view,
        "lang": lang,
        "labels": {lang_: {**by_language(lang_), "ui": STRINGS[lang_]} for lang_ in LANGUAGES},
        "styles": page_styles(),
    }


def build_map(
    ds: Dataset,
    flt: Filter | None = None,
    lang: str = "zh",
    online_tiles: str | None = None,
    view: dict | None = None,
    remote_details: bool = False,
) -> folium.Map:
    """A folium Map with our assets inline; online tiles only when a provider is named. remote_details:
    the desktop app's page, which may leave a large kind's words to be asked for (see DETAILS_INLINE_MAX)."""
    m = folium.Map(
        location=[20.0, 121.0],
        zoom_start=3,
        tiles=None,
        control_scale=False,  # the page adds a metric-only scale; its zoom limits too (folium gives them to tiles only)
        zoom_snap=0.25,
        world_copy_jump=False,
    )
    m._id = "mapapp"  # folium names a map by a random id: a fixed one makes the same state the same page
    m.default_js = []  # per map, never the class lists: nothing from a CDN
    m.default_css = []
    root = m.get_root()
    for i, tag in enumerate(assets.head_tags()):
        root.header.add_child(Element(tag), name=f"mapapp_asset_{i}")
    if online_tiles:
        folium.TileLayer(online_tiles).add_to(m)
    remote = remote_kinds(ds, remote_details)
    records = present.feature_records(ds)  # once for both languages
    details = {lang_: present.page_details(ds, lang_, remote, records) for lang_ in LANGUAGES}
    m.add_child(PageData(page_payload(ds, flt or Filter(), lang, view, remote), layers.basemap_detail(ds), details))
    return m


def content_security_policy(html: str, online: bool) -> str:
    """Only our own inline scripts run (by hash); nothing is fetched unless tiles are opted in."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    img = "data: https:" if online else "data:"
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src {img}; "
        "font-src data:; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


def render_page(
    ds: Dataset,
    flt: Filter | None = None,
    lang: str = "zh",
    online_tiles: str | None = None,
    view: dict | None = None,
    remote_details: bool = False,
) -> str:
    """The page: the same bytes in the app (which adds its bridge from outside) and in export-html,
    but for a large data set, whose words the app's page asks for (remote_details) and a file carries."""
    m = build_map(ds, flt, lang, online_tiles, view, remote_details)
    html = m.get_root().render()
    csp = content_security_policy(html, bool(online_tiles))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    title = f"<title>{STRINGS[lang]['title']}</title>"
    return html.replace("<head>", "<head>\n    " + meta + "\n    " + title, 1)


def write_page(path: Path | str, html: str) -> Path:
    return write_text_atomic(path, html)
