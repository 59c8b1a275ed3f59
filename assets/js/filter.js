/* Filtering in place: which features show (the rule of mapapp/data/filtering.py), and the counts. */
Object.assign(App, {
  visible: function (kind, p) {
    // data/filtering.py `shows`, on the keys each feature carries (null: that filter does not apply).
    var f = this.filter, k = p.keys;
    return f.layers.has(kind) && this._inTime(kind, p) &&
           (k.agencies === null || intersects(k.agencies, f.agencies)) &&
           (k.drugs === null || intersects(k.drugs, f.drugs)) &&
           (k.years === null || f.years === null || intersects(k.years, f.years));
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
      self.entries[kind].forEach(function (entry) { entry.visible = self.visible(kind, entry.props); });
    });
    this._shownCountries = null;
    if (this._detentionsShown !== this.filter.layers.has("detentions")) {  // the only filter the countries' colours follow
      this._detentionsShown = this.filter.layers.has("detentions");
      this._styleCountries();
    }
    if (!initial) this._updateLabels();
    this._refreshControls();
    this._updatePrices();
    this._layout();  // shows what the filter lets through, grouped or moved aside where it would overlap
    document.documentElement.setAttribute("data-counts", JSON.stringify(this.counts()));
    return this.counts();
  },

  _setShown: function (entry, on) {
    // A detention count (the one kind still a DOM marker), as the layout (declutter.js) decides.
    // Added once, then hidden and shown in place: removing and re-adding Leaflet layers rebuilds their DOM.
    if (!entry.added) {
      if (!on) return;
      entry.layer.addTo(this.map);
      entry.added = true;
      return;
    }
    if (entry.layer._icon) entry.layer._icon.style.display = on ? "" : "none";
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
    if (this._timeText) this._timeText();
    this._updatePrices();
    document.documentElement.lang = this.t("html_lang");
    this._labelIcons();
    this._refreshControls();
    this._layout();
    if (this.plan) this.showPlan(this.plan);
    if (this.scene && this.scene.panel === "results") this._drawResults();
    this.map.closePopup();
  }
});
