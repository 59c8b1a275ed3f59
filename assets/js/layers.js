/* The map's layers: panes, countries and their labels, detentions, routes, cases, posts and customs partners. */
Object.assign(App, {
  _panes: function () {
    var panes = { basemap: 250, planReach: 300, countryLabels: 350, highlight: 405, leaders: 410, bulk: 415, planPoints: 430,
                  detentionLabels: 450, planSites: 620 };
    for (var name in panes) {
      this.map.createPane(name);
      this.map.getPane(name).style.zIndex = panes[name];
    }
    this.map.getPane("countryLabels").style.pointerEvents = "none";
    this.map.getPane("highlight").style.pointerEvents = "none";
    this.map.getPane("planReach").style.pointerEvents = "none";
    this.map.getPane("leaders").style.pointerEvents = "none";
    this.map.getPane("bulk").style.pointerEvents = "none";  // hit-tested instead (bulk.js)
  },

  _basemap: function () {
    // Two levels of one country layer. The overview (a third of the vertices) is what the
    // start view draws; the full shapes sit in their own JSON block, parsed on first use.
    this.basemapLevels = { overview: this._countryLayer(this.data.layers.basemap.features), detail: null };
  },

  _countryLayer: function (features) {
    var self = this;
    return L.geoJSON({ type: "FeatureCollection", features: features }, {
      pane: "basemap",
      style: function (f) { return self._countryStyle(f.properties); },
      onEachFeature: function (f, layer) {
        layer.on("click", function (ev) { self._select("country", f.properties, layer, ev); });
      }
    });
  },

  _detailFeatures: function () {
    if (!this.detailFeatures) {
      var shapes = JSON.parse(document.getElementById(this.detailId).textContent);
      this.detailFeatures = this.data.layers.basemap.features.map(function (f, i) {
        return { type: "Feature", properties: f.properties, geometry: shapes[i] };
      });
    }
    return this.detailFeatures;
  },

  _basemapLevel: function () {
    var detail = this.map.getZoom() >= DETAIL_ZOOM;
    if (detail && !this.basemapLevels.detail) this.basemapLevels.detail = this._countryLayer(this._detailFeatures());
    var layer = this.basemapLevels[detail ? "detail" : "overview"];
    if (layer === this.basemapLayer) return;
    if (this.basemapLayer) this.basemapLayer.remove();
    this.basemapLayer = layer;
    this._styleCountries();
    layer.addTo(this.map);
    document.documentElement.setAttribute("data-basemap", detail ? "detail" : "overview");
  },

  _styleCountries: function () {
    var self = this;
    if (this.basemapLayer) this.basemapLayer.setStyle(function (f) { return self._countryStyle(f.properties); });
  },

  _detentionColour: function (n) {
    var breaks = this.data.styles.detentionBreaks, colours = this.data.styles.detentionColours;
    for (var i = 0; i < breaks.length; i++) if (n <= breaks[i]) return colours[i];
    return colours[colours.length - 1];
  },

  _countryStyle: function (p) {
    var showDetentions = this.filter && this.filter.layers.has("detentions");
    var projector = this.theme === "projector", colours = this.data.styles.basemap;
    var base = colours[projector ? "projector" : "standard"];
    var style = { color: base.border, weight: projector ? 1 : 0.6, fillColor: base.fill, fillOpacity: 1 };
    if (p.iso3 === "TWN") { style.fillColor = colours.taiwan.fill; style.color = colours.taiwan.border; style.weight = 1.2; }
    if (showDetentions && p.detained) style.fillColor = this._detentionColour(p.detained);
    var changed = this.change && this.change.countries[p.iso3];
    if (changed) style.fillColor = this._changeColour(changed.delta);  // change.js
    return style;
  },

  _countryLabels: function () {
    var self = this;
    this.data.layers.basemap.features.forEach(function (f) {
      var p = f.properties;
      var marker = L.marker([p.label[1], p.label[0]], { pane: "countryLabels", interactive: false, keyboard: false });
      self.countryLabels.push({ props: p, marker: marker });
    });
    this._labelIcons();
  },

  _labelIcons: function () {
    var self = this;
    this.countryLabels.forEach(function (entry) {
      entry.marker.setIcon(L.divIcon({ className: "country-label-icon", html: self._labelNode(entry.props), iconSize: null }));
    });
  },

  _labelNode: function (p) {
    return el("span", p.iso3 === "TWN" ? "country-label taiwan" : "country-label", this.pick(p, "name"));
  },

  _updateLabels: function () {
    var zoom = this.map.getZoom();
    var showAll = this.filter && this.filter.layers.has("labels");
    var self = this;
    this.countryLabels.forEach(function (entry) {
      var p = entry.props;
      var important = p.detained || p.iso3 === "TWN";
      var want = showAll && (important || p.min_label_zoom <= zoom + 0.5);
      var has = self.map.hasLayer(entry.marker);
      if (want && !has) entry.marker.addTo(self.map);
      if (!want && has) entry.marker.remove();
      entry.shown = want;
    });
  },

  _detentions: function () {
    var self = this;
    this.entries.detentions = this.data.layers.detentions.map(function (d) {
      var marker = L.marker([d.label[1], d.label[0]], {
        pane: "detentionLabels",
        icon: L.divIcon({ className: "detention-label-icon", html: self._detentionNode(d), iconSize: null }),
        keyboard: false
      });
      marker.on("click", function () { self._select("country", self._countryProps(d.country), marker); });
      return { props: d, layer: marker, visible: false };
    });
  },

  _detentionNode: function (d) {
    var changed = this.change && this.change.countries[d.country];
    if (changed) return el("div", "detention-label change", this._changeText(changed.delta));  // change.js
    var node = el("div", "detention-label");
    node.appendChild(el("span", "detained", fmt(d.detained)));
    if (d.death) node.appendChild(el("span", "death", "✝" + fmt(d.death)));
    return node;
  },

  _countryFeature: function (iso3, fullShape) {
    var features = fullShape ? this._detailFeatures() : this.data.layers.basemap.features;
    for (var i = 0; i < features.length; i++) if (features[i].properties.iso3 === iso3) return features[i];
    return null;
  },

  _countryProps: function (iso3) {
    var feature = this._countryFeature(iso3);
    return feature ? feature.properties : { iso3: iso3, name_zh: iso3, name_en: iso3 };
  },

  _entry: function (kind, id) {
    return (this.entries[kind] || []).filter(function (e) { return e.props.id === id; })[0];
  },

  _routes: function () {
    // Drawn in bulk (bulk.js): each route is its parts (a route cut at the frame's edge by
    // map/geometry.py great_circle is a MultiLineString) and their extent.
    var flip = function (line) { return line.map(function (c) { return L.latLng(c[1], c[0]); }); };
    this.entries.routes = this.data.layers.routes.features.map(function (f) {
      var g = f.geometry, parts = g.type === "MultiLineString" ? g.coordinates.map(flip) : [flip(g.coordinates)];
      return { props: f.properties, parts: parts, bounds: L.latLngBounds([].concat.apply([], parts)), visible: false };
    });
  },

  _title: function (kind, key) {
    // A hover names the feature with its details' title (data/present.py), read on first use.
    var entry = this._detailEntry(kind, key);
    return el("span", null, entry ? entry[0] : key);
  },

  _cases: function () {
    // Drawn in bulk (bulk.js), circles sized by kilograms; the page gets them as columns (map/layers.py).
    // Their places are projected once here, by the map's own CRS, to world pixels at zoom 0 over that
    // world's size (caseUnits: x, y per case), which a zoom only scales: binning 100,000 of them makes
    // no object per case (groups.js, which leaves their world pixels at this zoom in caseAt). Their
    // places and radii are also kept as typed arrays for that pass (caseLatLng, caseRadius).
    var c = this.data.layers.cases, code = function (column, i) { return column.table[column.index[i]]; };
    var crs = this.map.options.crs, world = crs.scale(0), n = c.id.length, units = this.caseUnits = new Float64Array(2 * n);
    var latlngs = this.caseLatLng = new Float64Array(2 * n), radius = this.caseRadius = Float32Array.from(c.radius);
    this.caseAt = new Float64Array(2 * n);
    this.entries.cases = c.id.map(function (id, i) {
      var latlng = L.latLng(c.lat[i], c.lon[i]), p = crs.latLngToPoint(latlng, 0);
      units[2 * i] = p.x / world;
      units[2 * i + 1] = p.y / world;
      latlngs[2 * i] = c.lat[i];
      latlngs[2 * i + 1] = c.lon[i];
      return { props: { id: id, radius: c.radius[i], lead_drug: code(c.lead_drug, i), country: code(c.country, i), keys: code(c.keys, i),
                        date: code(c.date, i) },
               latlng: latlng, visible: false };
    });
  },

  _symbol: function (className, colour, glyph, badge) {
    var node = el("div", className, glyph);
    node.style.background = colour;
    if (badge) node.appendChild(el("span", "badge", badge));
    return node;
  },

  _postIcon: function (p) {
    // A post as a DOM marker's icon (the planner's sites); the map's posts are stamped on the canvas (symbols.js).
    var anchor = SYMBOL_ANCHORS[p.agency];
    return L.divIcon({ className: "symbol-icon", html: this._symbolNode("posts", p), iconSize: [22, 22], iconAnchor: anchor });
  },

  _points: function (kind) {
    // Drawn in bulk (bulk.js, symbols.js) at their place, or where the layout moves them.
    this.entries[kind] = this.data.layers[kind].features.map(function (f) {
      var c = f.geometry.coordinates;
      return { props: f.properties, latlng: L.latLng(c[1], c[0]), visible: false };
    });
  }
});
