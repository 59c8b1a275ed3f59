/*
 * Group symbols (declutter.js makes them): posts and customs partners too close to show apart, as
 * one pill with a part per agency (glyph and count), and touching cases as one circle sized by
 * their combined seizures with their count. A click zooms to the group, or spreads it with leader
 * lines where zooming in would not part it. Beyond binAbove cases in view, cases are counted per
 * cell of the screen instead (_binCases).
 */
var GROUP_MAX_RADIUS = 24;  // px: the largest graduated circle for the cases of one place
var TITLE_NAMES = 12;       // members a group's tooltip names

Object.assign(App, {
  binAbove: 2000,  // cases in view beyond which they are counted per cell of the screen, not box by box

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
    var area = 0, largest = items[0].entry.props;
    items.forEach(function (i) {
      var p = i.entry.props;
      area += p.radius * p.radius;
      if (p.radius > largest.radius) largest = p;
    });
    return this._casesSymbol(items.length, area, largest.lead_drug);
  },

  _casesSymbol: function (count, area, drug) {
    // Circle areas add up: the group's radius is that of all its cases' circles put together (capped).
    var r = Math.max(11, Math.min(GROUP_MAX_RADIUS, Math.sqrt(area)));
    var node = el("div", "group-icon cases", String(count));
    node.style.width = node.style.height = 2 * r + "px";
    node.style.background = this.data.styles.drugs[drug];
    node.style.borderColor = this.data.styles.caseOutline;
    return node;
  },

  _binCases: function (occupancy, out) {
    // At scale, cases are counted per screen cell in one lean pass (no box per case): 100,000 of them
    // were 300 ms a layout box by box. False when few enough are in view for the exact layout.
    var zoom = this.map.getZoom(), size = this.map.getSize(), self = this, inView = [], shift = this._containerShift();
    this.entries.cases.forEach(function (e) {
      e.offset = null;
      e.hidden = false;
      if (!e.visible) return;
      var p = self._projected(e, zoom), x = p.x + shift.x, y = p.y + shift.y;
      if (x >= 0 && y >= 0 && x <= size.x && y <= size.y) inView.push(e);
    });
    if (inView.length <= this.binAbove) return false;
    var cells = new Map();
    inView.forEach(function (e) {
      var p = e.projected, x = p.x + shift.x, y = p.y + shift.y, key = Math.floor(x / GROUP_RADIUS) * 100003 + Math.floor(y / GROUP_RADIUS);
      var c = cells.get(key);
      if (!c) cells.set(key, c = { x: 0, y: 0, lat: 0, lng: 0, area: 0, largest: e.props, entries: [] });
      c.x += x; c.y += y; c.lat += e.latlng.lat; c.lng += e.latlng.lng;
      c.area += e.props.radius * e.props.radius;
      if (e.props.radius > c.largest.radius) c.largest = e.props;
      c.entries.push(e);
    });
    var records = [];
    cells.forEach(function (c) {
      var n = c.entries.length, at = L.point(c.x / n, c.y / n), r = c.largest.radius + 1;
      var under = out.boxes.hits([at.x, at.y, at.x + 1, at.y + 1]);  // under a box: out of view, not drawn
      if (n === 1 && !under) return occupancy.add([at.x - r, at.y - r, at.x + r, at.y + r]);  // a case alone is itself
      c.entries.forEach(function (e) { e.hidden = true; });
      if (under) return;
      records.push({ family: "cases", at: at, latlng: L.latLng(c.lat / n, c.lng / n), node: self._casesSymbol(n, c.area, c.largest.lead_drug),
                     ids: c.entries.map(function (e) { return e.props.id; }),
                     items: c.entries.slice(0, TITLE_NAMES).map(function (e) { return { kind: "cases", entry: e }; }) });
    });
    this._placeRecords(records, "cases", occupancy, out);
    return true;
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
    var names = g.items.slice(0, TITLE_NAMES).map(function (i) { return this._title(i.kind, i.entry.props.id).textContent; }, this);
    if (g.ids.length > names.length) names.push(this.tf("section_more", { n: g.ids.length - names.length }));
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
