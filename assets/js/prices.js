/*
 * The price survey (亞太地區安非他命末端毒品價格調查): where figures have been imported, each country
 * shows its price per gram for each drug the filter shows, from the newest year the filter lets
 * through, with the year and currency as written, placed by the layout like a detention count.
 * None ship: the briefing's survey has no figures.
 */
Object.assign(App, {
  _pricesInit: function () {
    this.priceLayer = L.layerGroup().addTo(this.map);
  },

  _priceNode: function (lines) {
    var node = el("div", "price-label");
    lines.forEach(function (line) { node.appendChild(el("div", null, line)); });  // text from data as text
    return node;
  },

  _layoutPrices: function (occupancy, out) {
    // After the detention counts (declutter.js): each card at its country's label point or moved aside
    // with a leader line; one whose place is out of the frame or under a box over the map is not shown.
    var self = this, size = this.map.getSize();
    (this.priceEntries || []).forEach(function (e) {
      e.offset = null;
      var at = self.map.latLngToContainerPoint(e.latlng);
      e.hidden = at.x < 0 || at.y < 0 || at.x > size.x || at.y > size.y || out.boxes.hits([at.x, at.y, at.x + 1, at.y + 1]);
      if (e.hidden) return;
      var box = self._cachedBoxes([{ key: ["price", self.theme].concat(e.props.lines).join("|"),
                                     node: function () { return self._iconNode("price-label-icon", self._priceNode(e.props.lines)); } }])[0];
      self._placeOne({ entry: e, latlng: e.latlng, box: shiftBox(box, at.x, at.y) }, occupancy, LEADER_MIN, out);
    });
  },

  _applyPrices: function () {
    var self = this;
    (this.priceEntries || []).forEach(function (e) {
      var icon = e.layer._icon;
      if (!icon) return;
      if (icon.style.display !== (e.hidden ? "none" : "")) icon.style.display = e.hidden ? "none" : "";
      self._shift(icon, e.offset);
    });
  },

  _updatePrices: function () {
    var f = this.filter, newest = {}, byCountry = {}, self = this;
    if (!this.priceLayer || !f) return;
    (this.data.layers.prices || []).forEach(function (p) {
      if (!f.drugs.has(p.drug) || (f.years !== null && !f.years.has(p.year_roc))) return;
      var key = p.country + "|" + p.drug;
      if (!newest[key] || newest[key].year < p.year) newest[key] = p;
    });
    Object.keys(newest).sort().forEach(function (key) {
      var p = newest[key];
      (byCountry[p.country] = byCountry[p.country] || []).push(p);
    });
    this.priceLayer.clearLayers();
    this.priceEntries = Object.keys(byCountry).map(function (iso3) {
      var rows = byCountry[iso3], latlng = L.latLng(rows[0].label[1], rows[0].label[0]);
      var lines = rows.map(function (p) { return self.code("drugs", p.drug) + " " + fmt(p.price) + " " + p.currency + "/g (" + p.year + ")"; });
      var layer = L.marker(latlng, { pane: "detentionLabels", interactive: false, keyboard: false,
                                     icon: L.divIcon({ className: "price-label-icon", html: self._priceNode(lines), iconSize: null }) });
      return { props: { country: iso3, lines: lines }, latlng: latlng, layer: layer.addTo(self.priceLayer) };
    });
    document.documentElement.setAttribute("data-prices", String(Object.keys(newest).length));
  }
});
