/*
 * Group symbols (declutter.js makes them): posts and customs partners too close to show apart, as
 * one pill with a part per agency (glyph and count), and touching cases as one circle sized by
 * their combined seizures with their count. A click zooms to the group, or spreads it with leader
 * lines where zooming in would not part it. Beyond binAbove cases in view, cases are counted per
 * cell of the world's pixels instead (_binCases).
 */
var GROUP_MAX_RADIUS = 24;  // px: the largest graduated circle for the cases of one place
var TITLE_NAMES = 12;       // members a group's tooltip names
var NEAR_MARGIN = 32;       // px beyond the frame within which a case's circle may still reach into it

function binKey(wx, wy) {
  // The cell of the world's pixels a case is counted in, the one rule for counting and for naming members.
  return Math.floor(wx / GROUP_RADIUS) * 100003 + Math.floor(wy / GROUP_RADIUS);
}

Object.assign(App, {
  binAbove: 2000,  // cases in view beyond which they are counted per cell, not box by box

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

  _casesNearView: function () {
    // The shown cases (indices) whose place is in the frame or within NEAR_MARGIN of it, found from their
    // places projected once at load (caseUnits); their world pixels at this zoom are left in caseAt for
    // _binCases. No object per case is made or written to, whatever the zoom (the garbage of 100,000
    // writes a step cost more than the writes).
    var scale = this.map.options.crs.scale(this.map.getZoom()), size = this.map.getSize(), shift = this._containerShift();
    var units = this.caseUnits, at = this.caseAt, entries = this.entries.cases, out = [];
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (e.offset) e.offset = null;
      if (e.hidden) e.hidden = false;
      if (!e.visible) continue;
      var x = (at[2 * i] = units[2 * i] * scale) + shift.x, y = (at[2 * i + 1] = units[2 * i + 1] * scale) + shift.y;
      if (x >= -NEAR_MARGIN && y >= -NEAR_MARGIN && x <= size.x + NEAR_MARGIN && y <= size.y + NEAR_MARGIN) out.push(i);
    }
    return out;
  },

  _binCases: function (near, occupancy, out) {
    // At scale, the cases in the frame are counted per cell of the world's pixels in one lean pass over
    // typed arrays (no box or object per case; 100,000 of them were 300 ms a layout box by box), so a pan
    // keeps each cell's symbol. Fills out.cases with the cases still drawn alone. False when few enough
    // are in view for the exact layout. near: _casesNearView's, with caseAt filled.
    var zoom = this.map.getZoom(), size = this.map.getSize(), shift = this._containerShift();
    var at = this.caseAt, radius = this.caseRadius, latlng = this.caseLatLng, inView = [], margin = [];
    near.forEach(function (i) {
      var x = at[2 * i] + shift.x, y = at[2 * i + 1] + shift.y;
      (x >= 0 && y >= 0 && x <= size.x && y <= size.y ? inView : margin).push(i);
    });
    if (inView.length <= this.binAbove) return false;
    var cells = new Map();
    inView.forEach(function (i) {
      var wx = at[2 * i], wy = at[2 * i + 1];
      var key = binKey(wx, wy), c = cells.get(key);
      if (!c) cells.set(key, c = { keys: [key], x: 0, y: 0, lat: 0, lng: 0, area: 0, largest: i, n: 0, first: [] });
      c.x += wx + shift.x; c.y += wy + shift.y; c.lat += latlng[2 * i]; c.lng += latlng[2 * i + 1];
      c.area += radius[i] * radius[i];
      if (radius[i] > radius[c.largest]) c.largest = i;
      if (c.n++ < TITLE_NAMES) c.first.push(i);
    });
    var records = [], lone = [], cases = this.entries.cases;
    out.cases = margin.map(function (i) { return cases[i]; });  // beyond the frame: their circles reach into it
    cells.forEach(function (c) {
      var at = L.point(c.x / c.n, c.y / c.n), r = radius[c.largest] + 1;
      if (out.boxes.hits([at.x, at.y, at.x + 1, at.y + 1])) return;  // under a box: out of view, not drawn
      if (c.n === 1) lone.push({ cell: c, box: [at.x - r, at.y - r, at.x + r, at.y + r] });  // a case alone is itself...
      else records.push(c);
    });
    touchingGroups(lone.map(function (l) { return l.box; })).forEach(function (members) {
      if (members.length === 1) {
        occupancy.add(lone[members[0]].box);
        return out.cases.push(cases[lone[members[0]].cell.largest]);
      }
      records.push(members.map(function (i) { return lone[i].cell; }).reduce(function (a, b) {  // ...unless it touches another
        return { keys: a.keys.concat(b.keys), x: a.x + b.x, y: a.y + b.y, lat: a.lat + b.lat, lng: a.lng + b.lng, area: a.area + b.area,
                 largest: radius[b.largest] > radius[a.largest] ? b.largest : a.largest, n: a.n + b.n, first: a.first.concat(b.first) };
      }));
    });
    var frame = { scale: this.map.options.crs.scale(zoom), shift: shift, size: size };
    this._placeRecords(records.map(function (c) { return this._binRecord(c, zoom, frame); }, this), "cases", occupancy, out);
    return true;
  },

  _binRecord: function (c, zoom, frame) {
    // A cell's (or touching lone cells') cases as one graduated symbol, counted. Its members' ids are
    // found only when asked for (a click, check-legibility), from the cells and the frame of this layout.
    var cases = this.entries.cases, units = this.caseUnits, keys = new Set(c.keys);
    var record = { family: "cases", at: L.point(c.x / c.n, c.y / c.n), latlng: L.latLng(c.lat / c.n, c.lng / c.n), count: c.n,
                   node: this._casesSymbol(c.n, c.area, cases[c.largest].props.lead_drug), key: ["cell", zoom, c.keys.join("+"), c.n].join(":"),
                   items: c.first.slice(0, TITLE_NAMES).map(function (i) { return { kind: "cases", entry: cases[i] }; }) };
    Object.defineProperty(record, "ids", { enumerable: true, get: function () {
      return cases.filter(function (e, i) {
        var wx = units[2 * i] * frame.scale, wy = units[2 * i + 1] * frame.scale, x = wx + frame.shift.x, y = wy + frame.shift.y;
        return e.visible && x >= 0 && y >= 0 && x <= frame.size.x && y <= frame.size.y &&
               keys.has(binKey(wx, wy));
      }).map(function (e) { return e.props.id; });
    } });
    return record;
  },

  _drawGroups: function (groups) {
    // A group drawn by the last layout for the same members, looking the same, keeps its marker (moved if
    // need be): most of a pan's groups are the last one's, and new elements cost the page a layout.
    var self = this, before = this._groupMarkers || new Map(), now = new Map();
    this.groups = groups;
    groups.forEach(function (g) {
      var key = [g.key || g.ids.join(","), g.node.textContent, g.node.style.width, self.theme].join("|"), marker = before.get(key);
      if (marker) {
        before.delete(key);
        if (!marker.getLatLng().equals(g.latlng)) marker.setLatLng(g.latlng);
      } else {
        marker = L.marker(g.latlng, { icon: L.divIcon({ className: "group-icon-wrap", html: g.node, iconSize: null }), keyboard: false, riseOnHover: true });
        marker.bindTooltip(function () { return self._groupTitle(marker.group); });
        marker.on("click", function () { self.expandGroup(marker.group.ids); });
        self.groupLayer.addLayer(marker);
      }
      marker.group = g;
      g.marker = marker;
      self._shift(marker._icon, g.offset);
      now.set(key, marker);
    });
    before.forEach(function (marker) { self.groupLayer.removeLayer(marker); });
    this._groupMarkers = now;
  },

  _groupTitle: function (g) {
    // The members' names (from their details' titles), as text.
    var names = g.items.slice(0, TITLE_NAMES).map(function (i) { return this._title(i.kind, i.entry.props.id).textContent; }, this);
    var count = g.count || g.ids.length;
    if (count > names.length) names.push(this.tf("section_more", { n: count - names.length }));
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
