/* The title box and the legend. */
Object.assign(App, {
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
    if (selected.size === all.length) return this.t("all");
    if (selected.size === 0) return this.t("none");
    return all.filter(function (c) { return selected.has(c); }).map(function (c) { return self.code(list, c); }).join("、");
  },

  _drawTitle: function () {
    var node = this.title.getContainer();
    node.textContent = "";
    node.appendChild(el("div", "title", this.t("title")));
    var f = this.filter;
    var agencies = Object.keys(this.data.labels.zh.agencies);
    var drugs = Object.keys(this.data.labels.zh.drugs);
    var years = f.years === null ? this.t("all") : Array.from(f.years).sort().join("、");
    node.appendChild(el("div", "filter", this.tf("title_filter", {
      agencies: this._summary("agencies_short", f.agencies, agencies),
      drugs: this._summary("drugs", f.drugs, drugs),
      years: years
    })));
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
    if (this.change) this._changeLegend(node);  // first: it is what the map shows now
    if (f.layers.has("posts")) {
      node.appendChild(el("div", "section", this.t("posts")));
      ["NPA", "MJIB"].forEach(function (a) {
        if (!f.agencies.has(a)) return;
        self._legendRow(node, self._symbol("post-icon legend-symbol", styles.agencies[a], self.glyph(a)), self.code("agencies", a));
      });
    }
    if (f.layers.has("customs") && f.agencies.has("CUSTOMS")) {
      node.appendChild(el("div", "section", this.t("customs")));
      Object.keys(styles.tiers).forEach(function (tier) {
        self._legendRow(node, self._symbol("customs-icon legend-symbol", styles.tiers[tier], self.glyph("customs")), self.code("customs_tiers", tier));
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
        self._legendRow(node, el("span", "swatch line solid wide"), this.t("corridor_route"));
      }
    }
    if (f.layers.has("detentions") && !this.change) {  // while a change is shown, the countries say that instead
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
});
