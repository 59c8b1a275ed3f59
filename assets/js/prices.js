/*
 * The price survey (亞太地區安非他命末端毒品價格調查): where figures have been imported, each country
 * shows its price per gram for each drug the filter shows, from the newest year the filter lets
 * through, with the year and currency as written. None ship: the briefing's survey has no figures.
 */
Object.assign(App, {
  _pricesInit: function () {
    this.priceLayer = L.layerGroup().addTo(this.map);
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
    Object.keys(byCountry).forEach(function (iso3) {
      var rows = byCountry[iso3], node = el("div", "price-label");
      rows.forEach(function (p) {  // text from data as text: el() sets textContent
        node.appendChild(el("div", null, self.code("drugs", p.drug) + " " + fmt(p.price) + " " + p.currency + "/g (" + p.year + ")"));
      });
      L.marker([rows[0].label[1], rows[0].label[0]], {
        pane: "detentionLabels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "price-label-icon", html: node, iconSize: null, iconAnchor: [-10, 34] })
      }).addTo(self.priceLayer);
    });
    document.documentElement.setAttribute("data-prices", String(Object.keys(newest).length));
  }
});
