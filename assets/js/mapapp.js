/*
 * The page side of the map: draws the layers from one JSON block, filters them in
 * place, switches language, and reports clicks. Text from data reaches the DOM only
 * through textContent; no data value is ever parsed as HTML.
 *
 * Visibility rules mirror mapapp/data/filtering.py; the tests hold the two together.
 */
(function () {
  "use strict";

  var LAYER_KINDS = ["posts", "routes", "cases", "detentions", "customs"];
  var SVG_NS = "http://www.w3.org/2000/svg";
  // Below this zoom the countries are drawn from the overview shapes, whose error stays within
  // a pixel there (map/layers.py OVERVIEW_TOLERANCE_DEG); from it on, the full shapes.
  var DETAIL_ZOOM = 3.5;

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

    init: function (map, dataId, detailId) {
      this.map = map;
      this.data = JSON.parse(document.getElementById(dataId).textContent);
      this.detailId = detailId;
      this.lang = this.data.lang;
      this.theme = "standard";
      document.documentElement.lang = this.lang === "zh" ? "zh-Hant-TW" : "en";
      this.detentionsByIso = {};
      var self = this;
      this.data.layers.detentions.forEach(function (d) { self.detentionsByIso[d.country] = d; });
      this._panes();
      this._arrowDefs();
      this._basemap();
      this._countryLabels();
      this._detentions();
      this._routes();
      this._cases();
      this._points("posts", this._postIcon.bind(this));
      this._points("customs", this._customsIcon.bind(this));
      this._controls();
      this._stage();
      L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution("Leaflet · Natural Earth · GeoNames");
      this.applyFilter(this.data.filter, true);
      this._fitView();
      this._basemapLevel();
      map.on("zoomend", this._basemapLevel, this);
      map.on("zoomend", this._updateLabels.bind(this));
      this._updateLabels();
      document.documentElement.setAttribute("data-mapapp-ready", "1");
    },

    t: function (key) { return this.data.labels[this.lang].ui[key]; },
    code: function (list, code) {
      var table = this.data.labels[this.lang][list];
      return (table && table[code]) || code;
    },
    pick: function (props, base) {
      var value = props[base + "_" + this.lang];
      return value === null || value === undefined || value === "" ? props[base + "_zh"] : value;
    },

    _panes: function () {
      var panes = { basemap: 250, planReach: 300, countryLabels: 350, highlight: 405, routes: 410, cases: 420, planPoints: 430,
                    detentionLabels: 450, planSites: 620 };
      for (var name in panes) {
        this.map.createPane(name);
        this.map.getPane(name).style.zIndex = panes[name];
      }
      this.map.getPane("countryLabels").style.pointerEvents = "none";
      this.map.getPane("highlight").style.pointerEvents = "none";
      this.map.getPane("planReach").style.pointerEvents = "none";
    },

    _arrowDefs: function () {
      // One arrowhead per drug colour; routes point at their destination with marker-end.
      var svg = document.createElementNS(SVG_NS, "svg");
      svg.setAttribute("class", "mapapp-defs");
      svg.setAttribute("width", "0");
      svg.setAttribute("height", "0");
      var defs = document.createElementNS(SVG_NS, "defs");
      var colours = this.data.styles.drugs;
      for (var drug in colours) {
        var marker = document.createElementNS(SVG_NS, "marker");
        marker.setAttribute("id", "mapapp-arrow-" + drug);
        marker.setAttribute("viewBox", "0 0 10 10");
        marker.setAttribute("refX", "8");
        marker.setAttribute("refY", "5");
        marker.setAttribute("markerUnits", "userSpaceOnUse");
        marker.setAttribute("markerWidth", "14");
        marker.setAttribute("markerHeight", "14");
        marker.setAttribute("orient", "auto-start-reverse");
        var path = document.createElementNS(SVG_NS, "path");
        path.setAttribute("d", "M0,0 L10,5 L0,10 z");
        path.setAttribute("fill", colours[drug]);
        marker.appendChild(path);
        defs.appendChild(marker);
      }
      svg.appendChild(defs);
      document.body.appendChild(svg);
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
      var projector = this.theme === "projector";
      var style = projector ? { color: "#4d4d4d", weight: 1, fillColor: "#fbf9f3", fillOpacity: 1 }
                            : { color: "#8f8f8f", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 };
      if (p.iso3 === "TWN") { style.fillColor = "#fff3c4"; style.color = "#6b5a00"; style.weight = 1.2; }
      if (showDetentions && p.detained) style.fillColor = this._detentionColour(p.detained);
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
        var node = el("span", entry.props.iso3 === "TWN" ? "country-label taiwan" : "country-label", self.pick(entry.props, "name"));
        entry.marker.setIcon(L.divIcon({ className: "country-label-icon", html: node, iconSize: null }));
      });
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
      });
    },

    _detentions: function () {
      var self = this;
      this.entries.detentions = this.data.layers.detentions.map(function (d) {
        var node = el("div", "detention-label");
        node.appendChild(el("span", "detained", fmt(d.detained)));
        if (d.death) node.appendChild(el("span", "death", "✝" + fmt(d.death)));
        var marker = L.marker([d.label[1], d.label[0]], {
          pane: "detentionLabels",
          icon: L.divIcon({ className: "detention-label-icon", html: node, iconSize: null }),
          keyboard: false
        });
        marker.on("click", function () { self._select("country", self._countryProps(d.country), marker); });
        return { props: d, layer: marker, visible: false };
      });
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
      var self = this;
      this.entries.routes = this.data.layers.routes.features.map(function (f) {
        var p = f.properties;
        var latlngs = f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
        var line = L.polyline(latlngs, {
          pane: "routes",
          color: p.colour,
          weight: self._routeWeight(p),
          opacity: 0.85,
          dashArray: p.basis === "schematic" ? "6 7" : null,
          lineCap: "round"
        });
        line.on("add", function () { line._path.setAttribute("marker-end", "url(#mapapp-arrow-" + p.lead_drug + ")"); });
        line.bindTooltip(function () { return self._routeTitle(p); }, { sticky: true });
        line.on("click", function (ev) { self._select("routes", p, line, ev); });
        return { props: p, layer: line, visible: false };
      });
    },

    _routeTitle: function (p) {
      return el("span", null, this.pick(p, "origin") + " → " + this.pick(p, "destination"));
    },

    _cases: function () {
      var self = this;
      var colours = this.data.styles.drugs;
      this.entries.cases = this.data.layers.cases.features.map(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        var circle = L.circleMarker([c[1], c[0]], {
          pane: "cases",
          radius: p.radius,
          color: "#ffffff",
          weight: 2,
          fillColor: colours[p.lead_drug],
          fillOpacity: 0.8
        });
        circle.bindTooltip(function () { return el("span", null, p.date_text + " " + self.pick(p, "place")); });
        circle.on("click", function () { self._select("cases", p, circle); });
        return { props: p, layer: circle, visible: false };
      });
    },

    _symbol: function (className, colour, glyph, badge) {
      var node = el("div", className, glyph);
      node.style.background = colour;
      if (badge) node.appendChild(el("span", "badge", badge));
      return node;
    },

    _postIcon: function (p) {
      var glyphs = this.data.styles.agencyGlyphs[p.agency];
      var node = this._symbol("post-icon post-" + p.agency, this.data.styles.agencies[p.agency],
                              this.lang === "zh" ? glyphs[0] : glyphs[1], p.posts > 1 ? String(p.posts) : null);
      // NPA sits left of the city, MJIB right of it, so two agencies in one capital both show.
      var anchor = p.agency === "NPA" ? [25, 24] : [-3, 24];
      return L.divIcon({ className: "symbol-icon", html: node, iconSize: [22, 22], iconAnchor: anchor });
    },

    _customsIcon: function (p) {
      var node = this._symbol("customs-icon", this.data.styles.tiers[p.tier], this.lang === "zh" ? "關" : "C", null);
      return L.divIcon({ className: "symbol-icon", html: node, iconSize: [18, 18], iconAnchor: [9, -4] });
    },

    _points: function (kind, icon) {
      var self = this;
      this.entries[kind] = this.data.layers[kind].features.map(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        var marker = L.marker([c[1], c[0]], { icon: icon(p), riseOnHover: true, keyboard: false });
        var dot = L.circleMarker([c[1], c[0]], { radius: 2.5, color: "#333", weight: 1, fillColor: "#fff", fillOpacity: 1, interactive: false });
        marker.bindTooltip(function () { return self._pointTitle(kind, p); });
        marker.on("click", function () { self._select(kind, p, marker); });
        if (kind === "posts") {
          marker.on("dragend", function () {
            marker.update();  // the drag placed the icon with translate3d: back to a flat translate
            var at = marker.getLatLng();
            if (typeof self.onMoved === "function") self.onMoved(kind, p.id, at.lat, wrapLon(at.lng));
          });
        }
        return { props: p, layer: L.layerGroup([dot, marker]), marker: marker, icon: icon, visible: false };
      });
    },

    _pointTitle: function (kind, p) {
      if (kind === "posts") return el("span", null, this.code("agencies_short", p.agency) + " · " + this.pick(p, "city"));
      return el("span", null, this.code("agencies_short", "CUSTOMS") + " · " + (this.pick(p, "counterpart") || this.pick(p, "country")));
    },

    /* ---------- filtering ---------- */

    visible: function (kind, p) {
      var f = this.filter;
      if (!f.layers.has(kind)) return false;
      var yearOk = f.years === null || intersects(p.years || [], f.years);
      switch (kind) {
        case "posts": return f.agencies.has(p.agency);
        case "customs": return f.agencies.has("CUSTOMS");
        case "cases": return intersects(p.agencies, f.agencies) && intersects(p.drugs, f.drugs) && yearOk;
        case "routes":
          return intersects(p.drugs, f.drugs) &&
                 (p.basis === "schematic" || (intersects(p.agencies, f.agencies) && yearOk));
        case "detentions": return true;
      }
      return false;
    },

    applyFilter: function (spec, initial) {
      this.filter = {
        agencies: new Set(spec.agencies),
        drugs: new Set(spec.drugs),
        years: spec.years === null || spec.years === undefined ? null : new Set(spec.years),
        layers: new Set(spec.layers)
      };
      this.filterSpec = spec;
      var self = this;
      LAYER_KINDS.forEach(function (kind) {
        self.entries[kind].forEach(function (entry) {
          var want = self.visible(kind, entry.props);
          if (want !== entry.visible) self._setShown(entry, want);
          entry.visible = want;
        });
      });
      this._styleCountries();
      if (!initial) this._updateLabels();
      this._refreshControls();
      document.documentElement.setAttribute("data-counts", JSON.stringify(this.counts()));
      return this.counts();
    },

    _setShown: function (entry, on) {
      // Added once, then hidden and shown in place: removing and re-adding thousands of
      // Leaflet layers rebuilt their DOM on every filter change (~300 ms at 3,800 posts).
      if (!entry.added) {
        if (!on) return;
        entry.layer.addTo(this.map);
        entry.added = true;
        return;
      }
      var layers = entry.layer.getLayers ? entry.layer.getLayers() : [entry.layer];
      layers.forEach(function (layer) {
        var node = layer._icon || layer._path;
        if (node) node.style.display = on ? "" : "none";
        if (!on && layer.closeTooltip) layer.closeTooltip();
      });
    },

    counts: function () {
      var out = {};
      var self = this;
      LAYER_KINDS.forEach(function (kind) {
        out[kind] = self.entries[kind].filter(function (e) { return e.visible; }).length;
      });
      return out;
    },

    setLanguage: function (lang) {
      this.lang = lang;
      document.documentElement.lang = lang === "zh" ? "zh-Hant-TW" : "en";
      var self = this;
      ["posts", "customs"].forEach(function (kind) {
        self.entries[kind].forEach(function (e) {
          e.marker.setIcon(e.icon(e.props));  // a new icon element: a hidden marker must stay hidden
          if (e.added && !e.visible) self._setShown(e, false);
        });
      });
      this._labelIcons();
      this._refreshControls();
      if (this.plan) this.showPlan(this.plan);
      if (this.scene && this.scene.panel === "results") this._drawResults();
      this.map.closePopup();
    },

    /* ---------- commands from the desktop app (one entry point) ---------- */

    receive: function (json) {
      var msg = JSON.parse(json);
      switch (msg.type) {
        case "filter": return JSON.stringify(this.applyFilter(msg.filter));
        case "language": this.setLanguage(msg.lang); return msg.lang;
        case "select": return this.selectById(msg.kind, msg.id, msg.fly !== false) ? "selected" : "not found";
        case "fit": this._fitVisible(); return "fit";
        case "flyTo": this.map.flyTo([msg.lat, msg.lon], msg.zoom, { duration: 0.8 }); return "flying";
        case "scene": return JSON.stringify(this.showScene(msg.scene));
        case "endScene": this.endScene(); return "ended";
        case "theme": this.setTheme(msg.theme); return msg.theme;
        case "view": return JSON.stringify(this.viewState());
        case "size": return JSON.stringify([window.innerWidth, window.innerHeight]);
        case "plan": return JSON.stringify(this.showPlan(msg.plan));
        case "endPlan": this.endPlan(); return "ended";
        case "pick": this.setPick(msg.mode); return msg.mode || "off";
        case "editing": this.setEditing(msg.on); return msg.on ? "editing" : "off";
      }
      return "unknown command";
    },

    selectById: function (kind, id, fly) {
      // fly: false when a reloaded page shows the selection again: the view stays where the user left it.
      var props = null, latlng = null;
      if (kind === "country") {
        props = this._countryProps(id);
        if (!props.label) return false;
        latlng = L.latLng(props.label[1], props.label[0]);
      } else {
        var found = this._entry(kind, id);
        if (!found) return false;
        props = found.props;
        var layer = found.marker || found.layer;
        latlng = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
      }
      if (fly) this.map.flyTo(latlng, Math.max(this.map.getZoom(), kind === "country" ? 4 : 5), { duration: 0.8 });
      this._openDetails(kind, props, latlng);
      return true;
    },

    /* ---------- view ---------- */

    _fitView: function () {
      // The page's first view stays framed while the window around it settles (the start page
      // draws before the panels take their room), until anything else moves the map.
      if (!this._framing) {
        this._framing = true;
        this.map.on("movestart", function () { if (!this._fitting) this._framed = false; }, this);
        this.map.on("resize", function () { if (this._framed && !this.scene) this._fitView(); }, this);
      }
      this._fitting = true;
      if (this.data.view && this.data.view.bounds) this.map.fitBounds(this.data.view.bounds, { animate: false });
      else this._fitVisible();
      this._fitting = false;
      this._framed = true;
    },

    _fitVisible: function () {
      var bounds = L.latLngBounds([]);
      var self = this;
      ["posts", "cases", "routes", "customs"].forEach(function (kind) {
        self.entries[kind].forEach(function (e) {
          if (!e.visible) return;
          var layer = e.marker || e.layer;
          bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
        });
      });
      // Keep clear of the title (top right) and legend (bottom right) boxes.
      if (bounds.isValid()) this.map.fitBounds(bounds, { paddingTopLeft: [30, 40], paddingBottomRight: [240, 30], animate: false });
    },

    /* ---------- scenes: caption bar, highlights, results chart, theme ---------- */

    _stage: function () {
      var container = this.map.getContainer();
      this.caption = el("div", "mapapp-caption");
      this.caption.hidden = true;
      ["scene-title", "scene-caption", "scene-counter"].forEach(function (cls) {
        this.caption.appendChild(el("div", cls));
      }, this);
      container.appendChild(this.caption);
      L.DomEvent.disableClickPropagation(this.caption);
      this.resultsBox = el("div", "mapapp-results");
      this.resultsBox.hidden = true;
      container.appendChild(this.resultsBox);
      this.highlights = L.layerGroup().addTo(this.map);
      this.scene = null;
      this.map.on("resize", this._fitScene, this);
    },

    _routeWeight: function (p) { return this.theme === "projector" ? p.weight * 1.6 + 1 : p.weight; },

    setTheme: function (theme) {
      this.theme = theme === "projector" ? "projector" : "standard";
      document.documentElement.classList.toggle("projector", this.theme === "projector");
      var self = this;
      this.entries.routes.forEach(function (e) { e.layer.setStyle({ weight: self._routeWeight(e.props) }); });
      this._styleCountries();
      if (this.scene) this._layoutCaption();
    },

    showScene: function (s) {
      this.scene = s;
      this.map.closePopup();
      this.applyFilter(s.filter);
      this.caption.hidden = !(s.title || s.caption);
      this.caption.querySelector(".scene-title").textContent = s.title;
      this.caption.querySelector(".scene-caption").textContent = s.caption;
      this.caption.querySelector(".scene-counter").textContent = s.counter;
      this._layoutCaption();
      this.resultsBox.hidden = s.panel !== "results";
      if (s.panel === "results") this._drawResults();
      var lit = this.highlight(s.highlight);
      if (s.plan) this.showPlan(s.plan);  // an export of the planner's view carries its gap map
      var root = document.documentElement;
      root.setAttribute("data-scene", s.id);
      root.removeAttribute("data-scene-settled");
      this._sceneTarget = {
        bounds: s.bounds ? L.latLngBounds(s.bounds) : (lit.bounds.isValid() ? lit.bounds : null),
        maxZoom: s.bounds ? this.map.getMaxZoom() : 5
      };
      var settled = function () { root.setAttribute("data-scene-settled", s.id); };
      if (this._sceneTarget.bounds && s.animate) {
        this.map.once("moveend", settled);
        this.map.flyToBounds(this._sceneTarget.bounds, this._sceneFit({ duration: 1.6 }));
      } else {
        this._fitScene();
        settled();
      }
      return { counts: this.counts(), highlighted: lit.found, missing: lit.missing };
    },

    _sceneFit: function (extra) {
      var padding = this._scenePadding();
      return L.extend({ paddingTopLeft: padding[0], paddingBottomRight: padding[1], maxZoom: this._sceneTarget.maxZoom }, extra);
    },

    _fitScene: function () {
      // Also on every resize while a scene is shown: entering full screen must not lose the scene's extent.
      if (!this.scene) return;
      if (this._sceneTarget.bounds) this.map.fitBounds(this._sceneTarget.bounds, this._sceneFit({ animate: false }));
      else this._fitVisible();
    },

    endScene: function () {
      this.scene = null;
      this.caption.hidden = true;
      this.resultsBox.hidden = true;
      this.highlights.clearLayers();
      this.map.getContainer().style.removeProperty("--caption-height");
      this.map.getContainer().classList.remove("mapapp-has-caption");
      document.documentElement.removeAttribute("data-scene");
      document.documentElement.removeAttribute("data-scene-settled");
    },

    _layoutCaption: function () {
      var container = this.map.getContainer();
      container.classList.add("mapapp-has-caption");
      container.style.setProperty("--caption-height", this.caption.offsetHeight + "px");
    },

    _scenePadding: function () {
      // Clear of the title (top right), legend (bottom right), caption (bottom) and results chart (left).
      var left = this.resultsBox.hidden ? 30 : this.resultsBox.offsetWidth + 40;
      var legend = this.legend.getContainer().offsetWidth;
      return [[left, 30 + this.title.getContainer().offsetHeight], [legend + 30, (this.caption.hidden ? 0 : this.caption.offsetHeight) + 20]];
    },

    highlight: function (items) {
      this.highlights.clearLayers();
      var self = this, bounds = L.latLngBounds([]), found = 0, missing = [];
      var ring = { pane: "highlight", radius: 24, color: "#ffc400", weight: 5, fill: false, className: "mapapp-highlight" };
      (items || []).forEach(function (item) {
        var layer = null;
        if (item.kind === "country") {
          var feature = self._countryFeature(item.id, true);
          if (feature) layer = L.geoJSON(feature, { pane: "highlight", style: { color: "#ffc400", weight: 5, fill: false, className: "mapapp-highlight" } });
        } else {
          var entry = self._entry(item.kind, item.id);
          if (entry && item.kind === "routes") {
            layer = L.polyline(entry.layer.getLatLngs(), { pane: "highlight", color: "#ffc400", weight: self._routeWeight(entry.props) + 10, opacity: 0.6, lineCap: "round", className: "mapapp-highlight" });
          } else if (entry) {
            layer = L.circleMarker((entry.marker || entry.layer).getLatLng(), ring);
          }
        }
        if (!layer) { missing.push(item.kind + ":" + item.id); return; }
        found += 1;
        self.highlights.addLayer(layer);
        bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
      });
      return { found: found, missing: missing, bounds: bounds };
    },

    _drawResults: function () {
      // Grouped bars, one group per year, one bar per agency: cases, then tonnes.
      var box = this.resultsBox, self = this, rows = this.data.results, zh = this.lang === "zh";
      box.textContent = "";
      box.appendChild(el("div", "results-title", this.t("results_title")));
      var years = [], agencies = Object.keys(this.data.styles.agencies);
      rows.forEach(function (r) { if (years.indexOf(r.year_roc) < 0) years.push(r.year_roc); });
      [["cases", this.t("results_cases"), 0], ["tonnes", this.t("results_tonnes"), 2]].forEach(function (m) {
        var measure = m[0], max = Math.max.apply(null, rows.map(function (r) { return r[measure]; }));
        box.appendChild(el("div", "results-measure", m[1]));
        var chart = el("div", "results-chart");
        years.forEach(function (year) {
          var group = el("div", "results-group");
          var bars = el("div", "results-bars");
          agencies.forEach(function (a) {
            var r = rows.filter(function (x) { return x.year_roc === year && x.agency === a; })[0];
            var bar = el("div", "results-bar");
            var value = r ? r[measure] : 0;
            bar.style.height = (max ? Math.max(2, 100 * value / max) : 0) + "%";
            bar.style.background = self.data.styles.agencies[a];
            bar.setAttribute("data-agency", a);
            bar.appendChild(el("span", "value", fmt(value, m[2])));
            bars.appendChild(bar);
          });
          group.appendChild(bars);
          var months = rows.filter(function (x) { return x.year_roc === year; })[0].months;
          group.appendChild(el("div", "results-year", (zh ? year + "年" : String(year + 1911)) + (months !== "1-12" ? (zh ? "（" + months + "月）" : " (" + months + ")") : "")));
          chart.appendChild(group);
        });
        box.appendChild(chart);
      });
      var key = el("div", "results-key");
      agencies.forEach(function (a) {
        var item = el("span", "key");
        var sw = el("span", "swatch");
        sw.style.background = self.data.styles.agencies[a];
        item.appendChild(sw);
        item.appendChild(el("span", null, self.code("agencies_short", a)));
        key.appendChild(item);
      });
      box.appendChild(key);
      box.appendChild(el("div", "results-source", this.t("source") + "：" + rows[0].source));
    },

    viewState: function () {
      var b = this.map.getBounds(), c = this.map.getCenter();
      var r = function (v) { return Math.round(v * 1000) / 1000; };
      return {
        bounds: [[r(b.getSouth()), r(b.getWest())], [r(b.getNorth()), r(b.getEast())]],
        center: [r(c.lat), r(c.lng)],
        zoom: this.map.getZoom(),
        scene: this.scene ? this.scene.id : null,
        theme: this.theme || "standard"
      };
    },

    /* ---------- details ---------- */

    _select: function (kind, props, layer, event) {
      if (this.pickMode) return;  // the click places a post (see setPick), it does not select
      if (typeof this.onSelect === "function") this.onSelect(kind, props);
      var where = layer.getLatLng ? layer.getLatLng() : (event && event.latlng) || this.map.getCenter();
      this._openDetails(kind, props, where);
    },

    _openDetails: function (kind, props, latlng) {
      L.popup({ maxWidth: 380, autoPanPadding: [40, 40] })
        .setLatLng(latlng)
        .setContent(this.details(kind, props))
        .openOn(this.map);
    },

    _table: function (title, subtitle, rows) {
      var box = el("div", "details");
      box.appendChild(el("h3", null, title));
      if (subtitle) box.appendChild(el("div", "subtitle", subtitle));
      var table = el("table");
      rows.forEach(function (row) {
        if (row[1] === null || row[1] === undefined || row[1] === "") return;
        var tr = el("tr");
        tr.appendChild(el("th", null, row[0]));
        tr.appendChild(el("td", null, row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
      return box;
    },

    _drugItems: function (p) {
      var self = this;
      return p.items.map(function (it) {
        return self.code("drugs", it.drug) + " " + fmt(it.quantity) + " " + self.code("units", it.unit);
      }).join("、");
    },

    details: function (kind, p) {
      var t = this.t.bind(this), self = this;
      var agencies = function (codes) { return (codes || []).map(function (a) { return self.code("agencies", a); }).join("、"); };
      switch (kind) {
        case "posts":
          return this._table(this.code("agencies_short", p.agency) + " · " + this.pick(p, "city"), this.code("agencies", p.agency), [
            [t("country"), this.pick(p, "country")],
            [t("city"), this.pick(p, "city")],
            [t("post_count"), fmt(p.posts)],
            [t("location"), this.code("location_bases", p.location_basis)],
            [t("source"), p.source]
          ]);
        case "customs":
          return this._table(this.pick(p, "counterpart") || this.pick(p, "country"), this.code("customs_tiers", p.tier), [
            [t("country"), this.pick(p, "country")],
            [t("tier"), this.pick(p, "tier") + (p.list_complete === "no" ? " " + t("list_partial") : "")],
            [t("mechanism"), this.pick(p, "mechanism")],
            [t("location"), this.code("location_bases", p.location_basis) + " · " + this.pick(p, "place")],
            [t("source"), p.source]
          ]);
        case "cases":
          return this._table(p.date_text + " · " + this.pick(p, "place"), agencies(p.agencies), [
            [t("date"), p.date_text],
            [t("place"), this.pick(p, "place") + "（" + this.pick(p, "country") + "）"],
            [t("location"), this.code("location_bases", p.location_basis)],
            [t("partners"), this.pick(p, "partners")],
            [t("drugs"), this._drugItems(p)],
            [t("suspects"), p.suspects === null ? "" : fmt(p.suspects) + t("people")],
            [t("mode"), p.mode ? this.code("modes", p.mode) : ""],
            [t("summary"), this.pick(p, "summary")],
            [t("source"), p.source]
          ]);
        case "routes":
          return this._table(this.pick(p, "origin") + " → " + this.pick(p, "destination"), this.code("route_bases", p.basis), [
            [t("drugs"), p.drugs.map(function (d) { return self.code("drugs", d); }).join("、")],
            [t("mode"), this.code("modes", p.mode)],
            [t("agency"), agencies(p.agencies)],
            [t("stated_quantity"), p.quantity_kg ? fmt(p.quantity_kg) + " " + t("kg") : ""],
            [t("distance"), fmt(p.length_km, 0) + " " + t("km")],
            [t("location"), this.code("location_bases", p.location_basis)],
            [t("note"), p.note_zh],
            [t("source"), p.source]
          ]);
        case "country":
          var d = this.detentionsByIso[p.iso3];
          return this._table(this.pick(p, "name"), p.iso3, d ? [
            [t("detained"), fmt(d.detained) + t("people")],
            [t("life"), fmt(d.life) + t("people")],
            [t("death"), fmt(d.death) + t("people")],
            [t("as_of"), d.as_of],
            [t("source"), d.source]
          ] : []);
      }
      return el("div");
    },

    /* ---------- planner: gap map and the posts of a plan ---------- */

    showPlan: function (plan) {
      // The gap map in front; the briefing layers stay (filters and counts unchanged) but recede.
      var self = this, styles = this.data.styles.planner;
      this.endPlan();
      this.plan = plan;
      this.map.getContainer().classList.add("planning");
      this.planLayer = L.layerGroup().addTo(this.map);
      plan.sites.forEach(function (s) {
        if (s.radius_km === null || s.radius_km <= 0) return;
        var colour = s.status === "new" ? styles.new : s.status === "moved" ? styles.moved : styles.existing;
        L.circle([s.lat, s.lon], {
          pane: "planReach", radius: s.radius_km * 1000, color: colour, weight: 1, dashArray: "4 4",
          fillColor: colour, fillOpacity: 0.06, interactive: false
        }).addTo(self.planLayer);
      });
      var maxNeed = Math.max.apply(null, plan.points.map(function (p) { return p.need; }).concat([1]));
      plan.points.forEach(function (p) {
        var marker = L.circleMarker([p.lat, p.lon], {
          pane: "planPoints", radius: 5 + 17 * Math.sqrt(p.need / maxNeed), weight: 2,
          color: "#fff", fillColor: p.newly ? styles.newly : p.covered ? styles.covered : styles.uncovered, fillOpacity: 0.85
        });
        marker.bindTooltip(function () { return self._planPointTip(p); });
        marker.addTo(self.planLayer);
      });
      plan.sites.concat(plan.removed.map(function (r) { return Object.assign({ status: "removed" }, r); })).forEach(function (s) {
        var icon;
        if (s.status === "post") {
          icon = self._postIcon({ agency: s.agency, posts: 1 });
        } else {
          var node = el("div", "plan-site", s.status === "new" ? "+" + s.new_rank : s.status === "moved" ? "⇄" : "×");
          node.style.background = styles[s.status];
          icon = L.divIcon({ className: "symbol-icon", html: node, iconSize: [26, 26], iconAnchor: [13, 13] });
        }
        var m = L.marker([s.lat, s.lon], { icon: icon, pane: "planSites" });
        m.bindTooltip(function () { return self._planSiteTip(s); });
        m.addTo(self.planLayer);
      });
      if (plan.fit) {
        // Frame what the plan changes: its new posts and the points they newly cover (else every point).
        var changed = plan.points.filter(function (p) { return p.newly; });
        var bounds = L.latLngBounds((changed.length ? changed : plan.points).map(function (p) { return [p.lat, p.lon]; }));
        plan.sites.forEach(function (s) { if (s.status !== "post") bounds.extend([s.lat, s.lon]); });
        if (bounds.isValid()) this.map.fitBounds(bounds, { paddingTopLeft: [260, 40], paddingBottomRight: [240, 30], maxZoom: 5, animate: false });
      }
      this._drawPlanBox();
      document.documentElement.setAttribute("data-plan", plan.points.length + ":" + plan.sites.length);
      return { points: plan.points.length, uncovered: plan.points.filter(function (p) { return !p.covered; }).length, sites: plan.sites.length };
    },

    _planPointTip: function (p) {
      var box = el("div", "plan-tip");
      box.appendChild(el("b", null, this.pick(p, "name")));
      box.appendChild(el("div", null, this.t("plan_need") + " " + fmt(p.need, 1)));
      box.appendChild(el("div", null, p.covered ? this.t("plan_covered_by") + " " + p.by.length : this.t("plan_uncovered")));
      return box;
    },

    _planSiteTip: function (s) {
      var box = el("div", "plan-tip");
      box.appendChild(el("b", null, this.pick(s, "name")));
      box.appendChild(el("div", null, this.t("plan_status_" + s.status)));
      if (s.only_here !== undefined) box.appendChild(el("div", null, this.t("plan_only_here") + " " + fmt(s.only_here, 1)));
      return box;
    },

    _drawPlanBox: function () {
      if (!this.planBox) {
        var Box = L.Control.extend({ onAdd: function () { return el("div", "mapapp-plan"); } });
        this.planBox = new Box({ position: "topleft" }).addTo(this.map);
      }
      var node = this.planBox.getContainer(), p = this.plan, styles = this.data.styles.planner, self = this;
      node.textContent = "";
      node.appendChild(el("div", "title", this.t("plan_title")));
      var share = p.total ? p.covered / p.total : 0;
      var pct = (share * 100).toFixed(1) + "%";
      node.appendChild(el("div", "share", this.t("plan_covered") + " " + fmt(p.covered, 1) + " / " + fmt(p.total, 1) +
                                             (this.lang === "zh" ? "（" + pct + "）" : " (" + pct + ")")));
      var has = function (key) { return p.points.some(function (q) { return key === "newly" ? q.newly : key === "covered" ? q.covered && !q.newly : !q.covered; }); };
      ["covered", "newly", "uncovered"].forEach(function (key) {
        if (!has(key)) return;
        var sw = el("span", "swatch dot");
        sw.style.background = styles[key];
        self._legendRow(node, sw, self.t("plan_point_" + key));
      });
      var statuses = p.sites.map(function (s) { return s.status; }).concat(p.removed.length ? ["removed"] : []);
      ["new", "moved", "removed"].filter(function (status) { return statuses.indexOf(status) >= 0; }).forEach(function (status) {
        var symbol = el("span", "plan-site small", status === "new" ? "+" : status === "moved" ? "⇄" : "×");
        symbol.style.background = styles[status];
        self._legendRow(node, symbol, self.t("plan_status_" + status));
      });
      if (p.sites.length && p.sites[0].radius_km) {
        this._legendRow(node, el("span", "swatch ring"), this.t("plan_reach") + " " + fmt(p.sites[0].radius_km, 0) + " " + this.t("km"));
      }
    },

    endPlan: function () {
      if (this.planLayer) this.map.removeLayer(this.planLayer);
      if (this.planBox) this.map.removeControl(this.planBox);
      this.map.getContainer().classList.remove("planning");
      this.planLayer = null;
      this.planBox = null;
      this.plan = null;
      document.documentElement.removeAttribute("data-plan");
    },

    setEditing: function (on) {
      // While the data tables are open, posts can be dragged to a new place (reported to Python).
      this.editing = !!on;
      this.entries.posts.forEach(function (e) {
        e.marker.options.draggable = !!on;  // read when a hidden marker is added later
        if (e.marker.dragging) { if (on) e.marker.dragging.enable(); else e.marker.dragging.disable(); }
      });
      this.map.getContainer().classList.toggle("editing", !!on);
    },

    setPick: function (mode) {
      // mode: "add" or "move": the next click on the map is reported as a point, not a selection.
      var self = this;
      this.pickMode = mode || null;
      this.map.getContainer().classList.toggle("picking", !!mode);
      if (this._pickHandler) this.map.off("click", this._pickHandler);
      this._pickHandler = null;
      if (!mode) return;
      this._pickHandler = function (ev) {
        if (typeof self.onMapClick === "function") self.onMapClick(self.pickMode, ev.latlng.lat, wrapLon(ev.latlng.lng));
      };
      this.map.on("click", this._pickHandler);
    },

    /* ---------- title and legend ---------- */

    _controls: function () {
      var Box = L.Control.extend({
        onAdd: function () {
          var node = el("div", this.options.className);
          L.DomEvent.disableClickPropagation(node);
          L.DomEvent.disableScrollPropagation(node);
          return node;
        }
      });
      this.title = new Box({ position: "topright", className: "mapapp-title" }).addTo(this.map);
      this.legend = new Box({ position: "bottomright", className: "mapapp-legend" }).addTo(this.map);
    },

    _refreshControls: function () {
      this._drawTitle();
      this._drawLegend();
    },

    _summary: function (list, selected, all) {
      var self = this;
      if (selected.size === all.length) return this.lang === "zh" ? "全部" : "all";
      if (selected.size === 0) return this.lang === "zh" ? "無" : "none";
      return all.filter(function (c) { return selected.has(c); }).map(function (c) { return self.code(list, c); }).join("、");
    },

    _drawTitle: function () {
      var node = this.title.getContainer();
      node.textContent = "";
      node.appendChild(el("div", "title", this.t("title")));
      var f = this.filter, zh = this.lang === "zh";
      var agencies = Object.keys(this.data.labels.zh.agencies);
      var drugs = Object.keys(this.data.labels.zh.drugs);
      var years = f.years === null ? (zh ? "全部" : "all") : Array.from(f.years).sort().join("、");
      node.appendChild(el("div", "filter",
        (zh ? "機關：" : "Agencies: ") + this._summary("agencies_short", f.agencies, agencies) +
        (zh ? "｜毒品：" : " | Drugs: ") + this._summary("drugs", f.drugs, drugs) +
        (zh ? "｜年度：" : " | Years (ROC): ") + years));
    },

    _legendRow: function (box, swatch, text) {
      var row = el("div", "row");
      row.appendChild(swatch);
      row.appendChild(el("span", null, text));
      box.appendChild(row);
    },

    _drawLegend: function () {
      var node = this.legend.getContainer(), self = this, f = this.filter, styles = this.data.styles;
      node.textContent = "";
      node.appendChild(el("div", "legend-title", this.t("legend")));
      if (f.layers.has("posts")) {
        node.appendChild(el("div", "section", this.t("posts")));
        ["NPA", "MJIB"].forEach(function (a) {
          if (!f.agencies.has(a)) return;
          var g = styles.agencyGlyphs[a];
          self._legendRow(node, self._symbol("post-icon legend-symbol", styles.agencies[a], self.lang === "zh" ? g[0] : g[1]), self.code("agencies", a));
        });
      }
      if (f.layers.has("customs") && f.agencies.has("CUSTOMS")) {
        node.appendChild(el("div", "section", this.t("customs")));
        Object.keys(styles.tiers).forEach(function (tier) {
          self._legendRow(node, self._symbol("customs-icon legend-symbol", styles.tiers[tier], self.lang === "zh" ? "關" : "C"), self.code("customs_tiers", tier));
        });
      }
      if (f.layers.has("routes") || f.layers.has("cases")) {
        node.appendChild(el("div", "section", this.t("drugs")));
        var present = {};
        ["routes", "cases"].forEach(function (kind) {
          self.entries[kind].forEach(function (e) { if (e.visible) present[e.props.lead_drug] = true; });
        });
        Object.keys(styles.drugs).forEach(function (d) {
          if (!present[d]) return;
          var sw = el("span", "swatch line");
          sw.style.background = styles.drugs[d];
          self._legendRow(node, sw, self.code("drugs", d));
        });
        if (f.layers.has("routes")) {
          self._legendRow(node, el("span", "swatch line solid"), this.t("case_route"));
          self._legendRow(node, el("span", "swatch line dashed"), this.t("schematic_route"));
        }
      }
      if (f.layers.has("detentions")) {
        node.appendChild(el("div", "section", this.t("detentions")));
        var breaks = styles.detentionBreaks, lo = 1;
        styles.detentionColours.forEach(function (colour, i) {
          var sw = el("span", "swatch box");
          sw.style.background = colour;
          var text = i < breaks.length ? lo + "–" + breaks[i] : "> " + breaks[breaks.length - 1];
          if (i < breaks.length) lo = breaks[i] + 1;
          self._legendRow(node, sw, text);
        });
        self._legendRow(node, el("span", "swatch death", "✝"), this.t("death"));
      }
    }
  };

  window.MapApp = App;
})();
