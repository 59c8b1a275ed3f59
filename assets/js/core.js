/*
 * The page side of the map: draws the layers from one JSON block, filters them in
 * place, switches language, and reports clicks. Text from data reaches the DOM only
 * through textContent; no data value is ever parsed as HTML.
 *
 * Visibility rules mirror mapapp/data/filtering.py; the tests hold the two together.
 *
 * The page code is split by concern into assets/js/*.js and bundled in the order of
 * mapapp/map/assets.py JS_MODULES, inside one function scope: this file opens it with the
 * shared helpers and the App object; the others add their methods to App.
 */

var LAYER_KINDS = ["posts", "routes", "cases", "detentions", "customs"];
// Below this zoom the countries are drawn from the overview shapes, whose error stays within
// a pixel there (map/layers.py OVERVIEW_TOLERANCE_DEG); from it on, the full shapes.
var DETAIL_ZOOM = 3.5;
// The zoom range: the world, down to a city (the data's places are cities; closer shows nothing more).
var MIN_ZOOM = 1, MAX_ZOOM = 9;

// Markers are placed with a 2D translate instead of Leaflet's translate3d (Leaflet 1.9.4's
// Marker._setPos otherwise): every 3D-transformed icon became a compositing layer of its own,
// and at 3,800 posts the first frame took 3 s more; at the shipped data, 0.05-0.1 s.
L.Marker.include({
  _setPos: function (pos) {
    [this._icon, this._shadow].forEach(function (node) {
      if (!node) return;
      node._leaflet_pos = pos;  // where L.DomUtil.getPosition (dragging) reads it
      node.style.transform = "translate(" + pos.x + "px," + pos.y + "px)";
    });
    this._zIndex = pos.y + this.options.zIndexOffset;
    this._resetZIndex();
  }
});

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function intersects(values, set) {
  for (var i = 0; i < values.length; i++) if (set.has(values[i])) return true;
  return false;
}

function wrapLon(lng) {
  // Back from display longitudes (the map is Pacific-centred) to -180..180.
  return ((lng + 180) % 360 + 360) % 360 - 180;
}

function fmt(n, digits) {
  if (n === null || n === undefined) return "";
  return Number(n).toLocaleString("en-US", { maximumFractionDigits: digits === undefined ? 4 : digits });
}

var App = {
  map: null,
  data: null,
  lang: "zh",
  filter: null,
  entries: {},        // kind -> [{props, layer, visible}]
  countryLabels: [],  // [{props, marker}]
  basemapLayer: null,  // the level of the country layer on the map (see _basemapLevel)
  legend: null,
  title: null,
  onSelect: null,     // set by the desktop bridge; called with (kind, props)

  init: function (map, dataId, detailId, detailsId) {
    this.map = map;
    map.setMinZoom(MIN_ZOOM);
    map.setMaxZoom(MAX_ZOOM);
    this.data = JSON.parse(document.getElementById(dataId).textContent);
    this.detailId = detailId;
    this.detailsId = detailsId;
    this.lang = this.data.lang;
    this.theme = "standard";
    document.documentElement.lang = this.t("html_lang");
    this._panes();
    this._basemap();
    this._countryLabels();
    this._detentions();
    this._routes();
    this._cases();
    this._points("posts");
    this._points("customs");
    this._bulkInit();
    this._dragInit();
    this._controls();
    this._stage();
    this._declutterInit();
    this._markupInit();
    this._pricesInit();
    L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Leaflet · Natural Earth · GeoNames");
    this.applyFilter(this.data.filter, true);
    this._fitView();
    this._timeInit();
    this._basemapLevel();
    map.on("zoomend", this._basemapLevel, this);
    map.on("zoomend", this._updateLabels.bind(this));
    this._updateLabels();
    document.documentElement.setAttribute("data-mapapp-ready", "1");
  },

  t: function (key) { return this.data.labels[this.lang].ui[key]; },
  tf: function (key, values) {
    // A string with {name} slots, filled as text (values are never parsed as HTML).
    return this.t(key).replace(/\{(\w+)\}/g, function (_m, name) { return String(values[name]); });
  },
  glyph: function (key) { return this.data.styles.glyphs[this.lang][key]; },
  code: function (list, code) {
    var table = this.data.labels[this.lang][list];
    return (table && table[code]) || code;
  },
  pick: function (props, base) {
    var value = props[base + "_" + this.lang];
    return value === null || value === undefined || value === "" ? props[base + "_zh"] : value;
  }
};
