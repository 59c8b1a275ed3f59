/*
 * What the audience can read: the box on screen of every label and symbol now drawn inside the map
 * (posts, customs partners, cases, detention counts, country labels, and the title, legend, caption
 * and results boxes over the map), for mapapp/map/legibility.py to find the ones that overlap.
 */
Object.assign(App, {
  legibility: function () {
    var frame = this.map.getContainer().getBoundingClientRect();
    var items = [];
    var add = function (kind, name, node) {
      if (!node) return;
      var r = node.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.right <= frame.left || r.left >= frame.right ||
          r.bottom <= frame.top || r.top >= frame.bottom) return;
      items.push({ kind: kind, name: name, box: [r.left, r.top, r.right, r.bottom] });
    };
    var self = this;
    ["posts", "customs", "cases", "detentions"].forEach(function (kind) {
      (self.entries[kind] || []).forEach(function (e) {
        var layer = e.marker || e.layer;
        if (!e.visible || !self.map.hasLayer(layer)) return;
        var key = kind === "detentions" ? e.props.country : e.props.id;
        add(kind, key, layer._icon || layer._path);
      });
    });
    this.countryLabels.forEach(function (entry) {
      if (self.map.hasLayer(entry.marker)) add("label", entry.props.iso3, entry.marker._icon && entry.marker._icon.firstChild);
    });
    [["title", ".mapapp-title"], ["legend", ".mapapp-legend"], ["caption", ".mapapp-caption"], ["results", ".mapapp-results"]]
      .forEach(function (box) { add("box", box[0], document.querySelector(box[1])); });
    return { items: items };
  }
});
