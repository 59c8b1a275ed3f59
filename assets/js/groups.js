/*
 * Group symbols (declutter.js makes them): posts and customs partners too close to show apart, as
 * one pill with a part per agency (glyph and count), and touching cases as one circle sized by
 * their combined seizures with their count. A click zooms to the group, or spreads it with leader
 * lines where zooming in would not part it.
 */
var GROUP_MAX_RADIUS = 24;  // px: the largest graduated circle for the cases of one place

Object.assign(App, {
  _groupNode: function (family, items) {
    if (family === "cases") return this._casesGroupNode(items);
    var styles = this.data.styles, parts = {}, order = [];
    items.forEach(function (i) {
      var p = i.entry.props, key = i.kind === "posts" ? p.agency : "customs-" + p.tier;
      if (!parts[key]) { parts[key] = { n: 0, kind: i.kind, p: p }; order.push(key); }
      parts[key].n += 1;
    });
    order.sort(function (a, b) { return (parts[a].kind === "posts" ? 0 : 1) - (parts[b].kind === "posts" ? 0 : 1) || (a < b ? -1 : 1); });
    var node = el("div", "group-icon");
    order.forEach(function (key) {
      var part = parts[key], posts = part.kind === "posts";
      var span = el("span", "part", (posts ? this.glyph(part.p.agency) : this.glyph("customs")) + " " + part.n);
      span.style.background = posts ? styles.agencies[part.p.agency] : styles.tiers[part.p.tier];
      node.appendChild(span);
    }, this);
    return node;
  },

  _casesGroupNode: function (items) {
    // Circle areas add up: the group's radius is that of all its cases' circles put together.
    var area = 0, largest = items[0].entry.props;
    items.forEach(function (i) {
      var p = i.entry.props;
      area += p.radius * p.radius;
      if (p.radius > largest.radius) largest = p;
    });
    var r = Math.max(11, Math.min(GROUP_MAX_RADIUS, Math.sqrt(area)));
    var node = el("div", "group-icon cases", String(items.length));
    node.style.width = node.style.height = 2 * r + "px";
    node.style.background = this.data.styles.drugs[largest.lead_drug];
    node.style.borderColor = this.data.styles.caseOutline;
    return node;
  },

  _drawGroups: function (groups) {
    var self = this;
    this.groupLayer.clearLayers();
    this.groups = groups;
    groups.forEach(function (g) {
      g.marker = L.marker(g.latlng, {
        icon: L.divIcon({ className: "group-icon-wrap", html: g.node, iconSize: null }),
        keyboard: false, riseOnHover: true
      });
      g.marker.bindTooltip(function () { return self._groupTitle(g); });
      g.marker.on("click", function () { self.expandGroup(g.ids); });
      self.groupLayer.addLayer(g.marker);
      if (g.offset) g.marker._icon.style.translate = g.offset[0] + "px " + g.offset[1] + "px";
    });
  },

  _groupTitle: function (g) {
    // The members' names (from their details' titles), as text.
    var names = g.items.slice(0, 12).map(function (i) { return this._title(i.kind, i.entry.props.id).textContent; }, this);
    if (g.items.length > names.length) names.push(this.tf("section_more", { n: g.items.length - names.length }));
    var node = el("div", "group-title");
    names.forEach(function (name) { node.appendChild(el("div", null, name)); });
    return node;
  },

  expandGroup: function (ids) {
    // Zoom in until the group's members part; where zooming would not part them, spread them here.
    var members = new Set(ids), latlngs = [], self = this;
    ["posts", "customs", "cases"].forEach(function (kind) {
      self.entries[kind].forEach(function (e) { if (members.has(e.props.id)) latlngs.push(self._latLng(e)); });
    });
    if (!latlngs.length) return false;
    this.expanded = members;
    var bounds = L.latLngBounds(latlngs), map = this.map, padding = this._scenePadding();
    // Clear of the boxes over the map, with room around the members to spread them.
    var fit = { paddingTopLeft: L.point(padding[0]).add([60, 60]), paddingBottomRight: L.point(padding[1]).add([60, 60]) };
    var zoom = Math.min(map.getMaxZoom(), map.getBoundsZoom(bounds, false, fit.paddingTopLeft.add(fit.paddingBottomRight)));
    if (zoom < map.getZoom() + 0.5) {
      this._layout();
      return true;
    }
    this._expanding = true;
    map.once("moveend", function () { this._expanding = false; }, this);
    map.flyToBounds(bounds, L.extend(fit, { maxZoom: zoom, duration: 0.6 }));
    return true;
  }
});
