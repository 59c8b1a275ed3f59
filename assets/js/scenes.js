/* Scenes: caption bar, highlights, the results chart, and the projector theme. */
Object.assign(App, {
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
    this._styleCountries();
    if (this.scene) this._layoutCaption();
    this._layout();
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
    this.setMarks(s.marks);  // a new scene starts clean, or with the marks kept for it
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
    this.setMarks([]);
    this.setMarkTool(null);
    this.caption.hidden = true;
    this.resultsBox.hidden = true;
    this.highlights.clearLayers();
    this.map.getContainer().style.removeProperty("--caption-height");
    this.map.getContainer().classList.remove("mapapp-has-caption");
    document.documentElement.removeAttribute("data-scene");
    document.documentElement.removeAttribute("data-scene-settled");
    this._layout();
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
    var self = this, bounds = L.latLngBounds([]), found = 0, missing = [], colour = this.data.styles.highlight;
    var ring = { pane: "highlight", radius: 24, color: colour, weight: 5, fill: false, className: "mapapp-highlight" };
    (items || []).forEach(function (item) {
      var layer = null;
      if (item.kind === "country") {
        var feature = self._countryFeature(item.id, true);
        if (feature) layer = L.geoJSON(feature, { pane: "highlight", style: { color: colour, weight: 5, fill: false, className: "mapapp-highlight" } });
      } else {
        var entry = self._entry(item.kind, item.id);
        if (entry && item.kind === "routes") {
          layer = L.polyline(entry.parts, { pane: "highlight", color: colour, weight: self._routeWeight(entry.props) + 10, opacity: 0.6, lineCap: "round", className: "mapapp-highlight" });
        } else if (entry) {
          layer = L.circleMarker(self._latLng(entry), ring);
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
    var box = this.resultsBox, self = this, rows = this.data.results;
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
        group.appendChild(el("div", "results-year", self.tf("results_year", { roc: year, year: year + 1911 }) +
                                                    (months !== "1-12" ? self.tf("results_months", { months: months }) : "")));
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
  }
});
