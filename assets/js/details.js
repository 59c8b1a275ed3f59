/* The details popup of a feature or a country. */
Object.assign(App, {
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
  }
});
