/*
 * The details popup of a feature or a country. Its rows come from Python (mapapp/data/present.py,
 * the same rows as the desktop's details panel), in their own JSON block, read on the first click:
 * [title, subtitle, [[label, value, unit]], source, [[section title, [lines], total]]]. For a large
 * data set's cases the desktop app's page carries none: it asks for them (onDetailsWanted) and
 * shows them when they come (receiveDetails).
 */
Object.assign(App, {
  _select: function (kind, props, layer, event) {
    if (this.pickMode) return;  // the click places a post (see setPick), it does not select
    if (typeof this.onSelect === "function") this.onSelect(kind, props);
    var where = layer && layer.getLatLng ? layer.getLatLng() : (event && event.latlng) || this.map.getCenter();
    this._openDetails(kind, props, where);
  },

  _openDetails: function (kind, props, latlng) {
    // A long popup (a country's lists) scrolls within the map instead of running off its top.
    var key = kind === "country" ? props.iso3 : props.id;
    this.detailsShown = { kind: kind, key: key };
    // Panned clear of the legend too (bottom right, above the popup pane): at 1366x768 it hid a country's figures.
    var legend = this.legend && this.legend.getContainer(), right = legend && legend.offsetWidth ? legend.offsetWidth + 30 : 40;
    this.popup = L.popup({ maxWidth: 380, maxHeight: Math.max(160, this.map.getSize().y - 120), autoPanPadding: [40, 40],
                           autoPanPaddingBottomRight: [right, 40] })
      .setLatLng(latlng)
      .setContent(this.details(kind, key))
      .openOn(this.map);
  },

  _detailEntry: function (kind, key) {
    // A feature's rows: carried by the page, or asked of the desktop app once (null until they come).
    var store = this._detailStore()[this.lang], rows = store[kind] || (store[kind] = {});
    if (rows[key] === undefined && this.data.remoteDetails.indexOf(kind) >= 0 && typeof this.onDetailsWanted === "function") {
      rows[key] = null;
      this.onDetailsWanted(kind, key);
    }
    return rows[key] || null;
  },

  receiveDetails: function (m) {
    // An answer to onDetailsWanted: kept, and shown where the feature is being looked at.
    var store = this._detailStore()[m.lang];
    (store[m.kind] || (store[m.kind] = {}))[m.id] = m.entry;
    if (m.lang !== this.lang) return;
    var shown = this.detailsShown, tip = this.bulkTipFor, self = this;
    if (shown && shown.kind === m.kind && shown.key === m.id && this.map.hasLayer(this.popup)) this.popup.setContent(this.details(m.kind, m.id));
    this.groups.forEach(function (g) {  // a group's open tooltip names its members
      if (g.marker && g.marker.isTooltipOpen() && g.items.some(function (i) { return i.kind === m.kind && i.entry.props.id === m.id; })) {
        g.marker.setTooltipContent(self._groupTitle(g));
      }
    });
    if (!tip || tip.kind !== m.kind || !this.map.hasLayer(this.bulkTip)) return;
    if (tip.corridor) this.bulkTip.setContent(this._corridorTitle(tip.corridor));
    else if (tip.key === m.id) this.bulkTip.setContent(this._title(m.kind, m.id));
  },

  _detailStore: function () {
    if (!this._details) this._details = JSON.parse(document.getElementById(this.detailsId).textContent);
    return this._details;
  },

  details: function (kind, key) {
    var entry = this._detailEntry(kind, key);
    var box = el("div", "details");
    if (!entry) { box.appendChild(el("h3", null, key)); return box; }
    box.appendChild(el("h3", null, entry[0]));
    if (entry[1]) box.appendChild(el("div", "subtitle", entry[1]));
    var table = el("table");
    entry[2].concat(entry[3] ? [[this.t("source"), entry[3], ""]] : []).forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", null, row[0]));
      tr.appendChild(el("td", null, row[2] ? row[1] + " " + row[2] : row[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    var self = this;
    entry[4].forEach(function (section) {
      box.appendChild(el("h4", null, self.tf("section_title", { title: section[0], n: section[2] })));
      var list = el("ul");
      section[1].forEach(function (line) { list.appendChild(el("li", null, line)); });
      if (section[2] > section[1].length) list.appendChild(el("li", "more", self.tf("section_more", { n: section[2] - section[1].length })));
      box.appendChild(list);
    });
    return box;
  }
});
