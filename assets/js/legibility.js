/*
 * What the audience can read: the box on screen of every label and symbol now drawn inside the map
 * (posts, customs partners, cases, group symbols, detention counts, country labels, and the title,
 * legend, caption and results boxes over the map), for mapapp/map/legibility.py to find the ones that overlap.
 */
Object.assign(App, {
  legibility: function () {
    var frame = this.map.getContainer().getBoundingClientRect();
    var items = [];
    var keep = function (kind, name, r) {  // what is seen: at least a pixel of it inside the map
      if (r[2] - r[0] < 1 || r[3] - r[1] < 1 || r[2] <= frame.left || r[0] >= frame.right ||
          r[3] <= frame.top || r[1] >= frame.bottom) return;
      items.push({ kind: kind, name: name, box: r });
    };
    var add = function (kind, name, node) {
      if (!node) return;
      // A box over the map clips what it holds (the legend scrolls); a symbol's badge sticks out of it.
      var r = kind === "box" ? node.getBoundingClientRect() : null;
      keep(kind, name, r ? [r.left, r.top, r.right, r.bottom] : nodeBox(node));
    };
    var self = this;
    this._bulkBoxes().forEach(function (d) { keep(d.kind, d.entry.props.id, d.box); });
    this.entries.detentions.forEach(function (e) {
      if (e.shown && self.map.hasLayer(e.layer)) add("detentions", e.props.country, e.layer._icon.firstChild);
    });
    (this.priceEntries || []).forEach(function (e) {
      if (!e.hidden && e.layer._icon) add("prices", e.props.country, e.layer._icon.firstChild);
    });
    this.countryLabels.forEach(function (entry) {
      if (self.map.hasLayer(entry.marker) && !entry.dropped) add("label", entry.props.iso3, entry.marker._icon && entry.marker._icon.firstChild);
    });
    this.groups.forEach(function (g) { add("group", g.ids.join(","), g.marker._icon && g.marker._icon.firstChild); });
    [["title", ".mapapp-title"], ["legend", ".mapapp-legend"], ["caption", ".mapapp-caption"], ["results", ".mapapp-results"]]
      .forEach(function (box) { add("box", box[0], document.querySelector(box[1])); });
    return { items: items };
  }
});
