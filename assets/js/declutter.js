/*
 * The map's layout at its current view, so that nothing the audience reads overlaps. After every
 * move, zoom, filter, theme or language change, in priority order against an occupancy grid
 * (placement.js), with the title, legend, caption and chart boxes as obstacles:
 *   cases stay where they happened; cases touching each other become one graduated symbol;
 *   posts and customs partners stay at their city, or move to the nearest free spot with a
 *   leader line back to it; a crowd that cannot be spread becomes group symbols with the agency
 *   split, which a click zooms into or spreads;
 *   the largest detention counts move aside with a leader line where they must, the rest only a little;
 *   country labels: Taiwan and the countries in the data shown first (moved aside if need be),
 *   the others only where they fit.
 * While the data tables are open, posts stay at their own place: that is where they are dragged.
 */

var SPREAD_MAX = 12;      // a crowd of more touching symbols than this is grouped without trying to spread it
var SPREAD_REACH = 72;    // px: how far the symbols of a crowd may move from their place (with a leader line)
var EXPANDED_REACH = 400; // px: the same for a group the user clicked to spread
var COUNT_REACH = 110;    // px: the same for a lone symbol, a count or a scene's country label
var FAR_REACH = 240;      // px: how far a symbol may move when nothing nearer is free (its place is under a box)
var NEAR_REACH = 24;      // px: how far a lesser detention count may move
var COUNTS_MOVED = 12;    // the largest detention counts, which move as far as they must and are never dropped
var LABEL_REACH = [COUNT_REACH, COUNT_REACH, SPREAD_REACH, 6];  // px, by the label's rank (_labelRank)
var GROUP_RADIUS = 44;    // px: symbols this close to a group's first one join that group
var LEADER_MIN = 16;      // px: a label moved less than this needs no leader line
var STEP = 6;             // px between the rings of offsets tried

Object.assign(App, {
  _declutterInit: function () {
    this.leaders = L.polyline([], { pane: "leaders", interactive: false, color: "#222", weight: 1.4, opacity: 0.9 }).addTo(this.map);
    this.groupLayer = L.layerGroup().addTo(this.map);
    this.groups = [];
    this.expanded = null;  // ids of the symbols the user asked to see spread
    this._boxCache = {};
    this.measurer = el("div", "mapapp-measurer");
    this.map.getContainer().appendChild(this.measurer);
    this.map.on("zoomstart", function () { if (!this._expanding) this.expanded = null; }, this);
    this.map.on("moveend resize", this._layout, this);
  },

  _layout: function () {
    if (!this.filter || !this.leaders) return;
    var size = this.map.getSize();
    var occupancy = new Occupancy(size.x, size.y), boxes = new Occupancy(size.x, size.y);
    this._uiBoxes(size).forEach(function (box) { occupancy.add(box); boxes.add(box); });
    var out = { groups: [], leaders: [], boxes: boxes, cases: [] };
    this._layoutCases(occupancy, out);
    this._layoutLabels(occupancy, out, true);
    this._layoutSymbols(occupancy, out);
    this._layoutCounts(occupancy, out);
    this._layoutPrices(occupancy, out);  // prices.js
    this._layoutLabels(occupancy, out, false);
    this._applyLayout(out);
  },

  _uiBoxes: function (size) {
    // The boxes over the map (controls, caption, chart) in container pixels, read in one layout of the
    // page. The legend (bottom right) is cut to end below the title (top right) however short the map
    // is; its new box is worked out, not read again (that would lay the page out a second time).
    var container = this.map.getContainer(), origin = container.getBoundingClientRect(), out = [];
    var legend = this.legend.getContainer(), titleNode = this.title.getContainer(), title = null, legendBox = null;
    container.querySelectorAll(".leaflet-control, .mapapp-caption, .mapapp-results").forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return;
      var box = [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
      if (node === legend) legendBox = box; else out.push(box);
      if (node === titleNode) title = box;
    });
    if (legendBox) {
      var max = Math.max(60, Math.min(0.7 * size.y, legendBox[3] - (title ? title[3] : 0) - 12));
      if (legend.style.maxHeight !== max + "px") legend.style.maxHeight = max + "px";  // unchanged: no new layout
      legendBox[1] = legendBox[3] - Math.min(legend.scrollHeight, max);
      out.push(legendBox);
    }
    return out;
  },

  _latLng: function (entry) { return entry.latlng || entry.layer.getLatLng(); },

  _projected: function (entry, zoom) {
    // A feature's place in world pixels at this zoom, worked out once per zoom (and per move of a post).
    var latlng = this._latLng(entry);
    if (entry.projectedAt !== zoom || entry.projectedFrom !== latlng) {
      entry.projected = this.map.project(latlng, zoom).round();
      entry.projectedAt = zoom;
      entry.projectedFrom = latlng;
    }
    return entry.projected;
  },

  _containerShift: function () {
    // World pixels at this zoom -> the map container's pixels at this view.
    return this.map._getMapPanePos().subtract(this.map.getPixelOrigin());
  },

  _items: function (kind, boxes, entries) {
    // The shown features of a kind whose place is in the frame, with their box there. One whose place is
    // under the title, legend, caption or chart is out of view, as if it were beyond the frame: not drawn.
    // Nothing is made for one wholly beyond the frame. `entries`: only these (the cases near the view).
    var size = this.map.getSize(), out = [], self = this, zoom = this.map.getZoom(), shift = this._containerShift();
    (entries || this.entries[kind] || []).forEach(function (e) {
      e.offset = null;
      e.hidden = false;
      if (!e.visible) return;
      var p = self._projected(e, zoom), x = p.x + shift.x, y = p.y + shift.y, rel = self._boxOf(kind, e);
      if (x + rel[2] < 0 || y + rel[3] < 0 || x + rel[0] > size.x || y + rel[1] > size.y) return;
      var box = shiftBox(rel, x, y);
      if (x < 0 || y < 0 || x > size.x || y > size.y) {
        e.hidden = !!boxes && boxes.hits(box);  // beyond the frame: cut by its edge, but never peeking out from under a box
        return;
      }
      if (boxes && boxes.hits([x, y, x + 1, y + 1])) { e.hidden = true; return; }
      out.push({ entry: e, kind: kind, latlng: self._latLng(e), at: L.point(x, y), box: box });
    });
    return out;
  },

  _boxOf: function (kind, e) {
    // A feature's box relative to its place, measured once per look (kind, agency, badge, theme, language).
    var p = e.props, self = this;
    if (kind === "cases") { var r = p.radius + 1; return [-r, -r, r, r]; }
    if (kind !== "detentions") return this._sprite(kind, e).box;
    var key = kind + "|" + this.theme + "|" + this.lang + "|" + p.country + "|" + (this.change ? this.change.old + this.change.new : "");
    if (this._boxCache[key]) return this._boxCache[key];  // the common case
    return this._cachedBoxes([{ key: key, node: function () { return self._iconNode("detention-label-icon", self._detentionNode(p)); } }])[0];
  },

  _iconNode: function (className, child) {
    var node = el("div", "leaflet-marker-icon " + className);
    node.appendChild(child);
    return node;
  },

  _measure: function (nodes) {
    // The drawn boxes of icon nodes placed at the measurer's corner: their offsets from a feature's place.
    var measurer = this.measurer;
    if (!nodes.length) return [];  // nothing to measure: no layout of the page
    nodes.forEach(function (n) { measurer.appendChild(n); });
    var origin = measurer.getBoundingClientRect();
    var boxes = nodes.map(function (n) {
      var b = nodeBox(n.firstChild);
      return [b[0] - origin.left, b[1] - origin.top, b[2] - origin.left, b[3] - origin.top];
    });
    measurer.textContent = "";
    return boxes;
  },

  _layoutCases: function (occupancy, out) {
    // Cases stay where they happened; touching ones become one graduated symbol for the place. One
    // under the title, legend, caption or chart is not drawn: it could not be seen there anyway.
    var near = this._casesNearView(), entries = this.entries.cases;
    if (this._binCases(near, occupancy, out)) return;
    out.cases = [];  // filled once the layout below has hidden the grouped ones
    var nearEntries = near.map(function (i) { return entries[i]; });
    var self = this, items = this._items("cases", out.boxes, nearEntries).filter(function (i) {
      i.entry.hidden = out.boxes.hits(i.box);
      return !i.entry.hidden;
    });
    var groups = [];
    touchingGroups(items.map(function (i) { return i.box; })).forEach(function (members, n) {
      if (members.length === 1) return occupancy.add(items[members[0]].box);
      var near = members.map(function (i) { return items[i]; });
      // Cases of one place never part by zooming: the user's click on their symbol spreads them here.
      if (self._isExpanded(near) && self._spread(near, occupancy, "cases" + n, EXPANDED_REACH, out)) return;
      if (near.length <= SPREAD_MAX) return groups.push(near);
      // A region's worth of cases: one graduated symbol per place within reach, not one for the region.
      nearbyClusters(near.map(function (m) { return [m.at.x, m.at.y]; }), GROUP_RADIUS).forEach(function (cluster) {
        if (cluster.length > 1) groups.push(cluster.map(function (i) { return near[i]; }));
        else occupancy.add(near[cluster[0]].box);
      });
    });
    this._placeGroups(groups, "cases", occupancy, out);
    out.cases = nearEntries.filter(function (e) { return !e.hidden; });
  },

  _layoutSymbols: function (occupancy, out) {
    var items = this._items("posts", this.editing ? null : out.boxes).concat(this._items("customs", out.boxes)), self = this;
    if (this.editing) {
      items.forEach(function (i) { occupancy.add(i.box); });
      return;
    }
    var crowds = touchingGroups(items.map(function (i) { return i.box; }));
    crowds.sort(function (a, b) { return a.length - b.length; });  // the lone ones keep their place first
    var groups = [], lone = [];
    crowds.forEach(function (crowd, n) {
      var members = crowd.map(function (i) { return items[i]; });
      var expanded = self._isExpanded(members);
      if ((crowd.length <= SPREAD_MAX || expanded) && self._spread(members, occupancy, "crowd" + n, expanded ? EXPANDED_REACH : SPREAD_REACH, out)) return;
      nearbyClusters(members.map(function (m) { return [m.at.x, m.at.y]; }), GROUP_RADIUS).forEach(function (cluster) {
        var near = cluster.map(function (i) { return members[i]; });
        if (near.length > 1) groups.push(near); else lone.push(near[0]);
      });
    });
    lone.forEach(function (item) { self._placeOne(item, occupancy, 0, out); });
    this._placeGroups(groups, "symbols", occupancy, out);
  },

  _isExpanded: function (items) {
    var expanded = this.expanded;
    return !!expanded && items.some(function (i) { return expanded.has(i.entry.props.id); });
  },

  _spread: function (members, occupancy, tag, reach, out) {
    // Every member at its place or the nearest free spot within reach, or none of them (false).
    var offsets = ringOffsets(STEP, reach), found = [];
    for (var i = 0; i < members.length; i++) {
      var offset = firstFree(occupancy, members[i].box, offsets);
      if (!offset) { occupancy.removeTag(tag); return false; }
      occupancy.add(shiftBox(members[i].box, offset[0], offset[1]), tag);
      found.push(offset);
    }
    members.forEach(function (m, i) { this._moved(m, found[i], 0, out); }, this);
    return true;
  },

  _placeOne: function (item, occupancy, leaderMin, out) {
    // One symbol or count: its place, the nearest free spot, one farther off, or (nothing free) its place.
    var offset = firstFree(occupancy, item.box, ringOffsets(STEP, COUNT_REACH)) ||
                 firstFree(occupancy, item.box, ringOffsets(2 * STEP, FAR_REACH)) || [0, 0];
    occupancy.add(shiftBox(item.box, offset[0], offset[1]));
    this._moved(item, offset, leaderMin, out);
  },

  _moved: function (item, offset, leaderMin, out) {
    // A feature at an offset from its place; a leader line from the place to it when it moved far enough.
    item.entry.offset = offset[0] || offset[1] ? offset : null;
    if (Math.hypot(offset[0], offset[1]) <= leaderMin || !item.entry.offset) return;
    var b = item.box, to = L.point((b[0] + b[2]) / 2 + offset[0], (b[1] + b[3]) / 2 + offset[1]);
    out.leaders.push([item.latlng, this.map.containerPointToLatLng(to)]);
  },

  _placeGroups: function (clusters, family, occupancy, out) {
    // One symbol per cluster of features too close to show apart.
    var self = this;
    this._placeRecords(clusters.map(function (items) {
      var at = L.point(0, 0), lat = 0, lng = 0, n = items.length;
      items.forEach(function (i) { at = at.add(i.at); lat += i.latlng.lat; lng += i.latlng.lng; i.entry.hidden = true; });
      return { family: family, items: items, at: at.divideBy(n), latlng: L.latLng(lat / n, lng / n),
               ids: items.map(function (i) { return i.entry.props.id; }), node: self._groupNode(family, items) };
    }), family, occupancy, out);
  },

  _placeRecords: function (groups, family, occupancy, out) {
    // Group symbols at the nearest free spot to their middle; their boxes measured together (one layout).
    var self = this, boxes = this._cachedBoxes(groups.map(function (g) {
      return { key: ["group", self.theme, family, g.node.textContent, g.node.style.width].join("|"),
               node: function () { return self._iconNode("group-icon-wrap", g.node); } };
    }));
    groups.forEach(function (group, i) {
      group.box = shiftBox(boxes[i], group.at.x, group.at.y);
      group.offset = firstFree(occupancy, group.box, ringOffsets(STEP, COUNT_REACH)) ||
                     firstFree(occupancy, group.box, ringOffsets(2 * STEP, FAR_REACH)) || [0, 0];
      occupancy.add(shiftBox(group.box, group.offset[0], group.offset[1]));
      self._moved({ entry: group, latlng: group.latlng, box: group.box }, group.offset, 0, out);
      out.groups.push(group);
    });
  },

  _layoutCounts: function (occupancy, out) {
    // Detention counts, the largest first: those may move aside with a leader line (never dropped); the
    // rest only next to their country, where there is room (its colour on the map still tells the class).
    var self = this, items = this._items("detentions", out.boxes);
    items.sort(function (a, b) { return b.entry.props.detained - a.entry.props.detained; });
    items.forEach(function (item, rank) {
      if (rank < COUNTS_MOVED) return self._placeOne(item, occupancy, LEADER_MIN, out);
      var offset = firstFree(occupancy, item.box, ringOffsets(STEP, NEAR_REACH));
      if (!offset) { item.entry.hidden = true; return; }
      occupancy.add(shiftBox(item.box, offset[0], offset[1]));
      self._moved(item, offset, LEADER_MIN, out);
    });
  },

  _layoutLabels: function (occupancy, out, taiwan) {
    // Taiwan's label first of all (only cases come before it); then the countries the scene points at,
    // those in the data shown, and the larger countries first. Only Taiwan's is never dropped:
    // a label that cannot be read is no use to anyone.
    var rank = this._labelRank(), size = this.map.getSize(), self = this;
    var entries = this.countryLabels.filter(function (e) {
      if (taiwan) { e.dropped = false; e.offset = null; }
      return e.shown && (rank(e) === 0) === taiwan;
    });
    entries.sort(function (a, b) { return rank(a) - rank(b) || a.props.min_label_zoom - b.props.min_label_zoom; });
    var boxes = this._labelBoxes(entries);
    entries.forEach(function (e, i) {
      var latlng = e.marker.getLatLng(), at = self.map.latLngToContainerPoint(latlng);
      if (at.x < 0 || at.y < 0 || at.x > size.x || at.y > size.y) { e.dropped = !taiwan; return; }  // half a name is noise
      if (out.boxes.hits([at.x, at.y, at.x + 1, at.y + 1])) { e.dropped = true; return; }  // under a box: out of view
      var item = { entry: e, latlng: latlng, box: shiftBox(boxes[i], at.x, at.y) };
      var r = rank(e), offset = firstFree(occupancy, item.box, ringOffsets(r === 2 ? 2 * STEP : STEP, LABEL_REACH[r]));
      if (!offset && !taiwan) { e.dropped = true; return; }
      offset = offset || [0, 0];
      occupancy.add(shiftBox(item.box, offset[0], offset[1]));
      self._moved(item, offset, LEADER_MIN, out);
    });
  },

  _labelRank: function () {
    // 0 Taiwan, 1 a country the scene highlights, 2 a country in the data shown, 3 any other.
    var inData = this._countriesShown(), inScene = new Set();
    ((this.scene && this.scene.highlight) || []).forEach(function (h) { if (h.kind === "country") inScene.add(h.id); });
    return function (e) {
      var iso3 = e.props.iso3;
      return iso3 === "TWN" ? 0 : inScene.has(iso3) ? 1 : inData.has(iso3) ? 2 : 3;
    };
  },

  _labelBoxes: function (entries) {
    var self = this;
    return this._cachedBoxes(entries.map(function (e) {
      return { key: ["label", self.theme, self.lang, e.props.iso3].join("|"),
               node: function () { return self._iconNode("country-label-icon", self._labelNode(e.props)); } };
    }));
  },

  _cachedBoxes: function (wanted) {
    // Boxes by what they look like ({key, node()}), the ones not seen before measured in one go.
    var cache = this._boxCache, todo = [], seen = new Set();
    wanted.forEach(function (w, i) { if (!cache[w.key] && !seen.has(w.key)) { seen.add(w.key); todo.push(i); } });
    var boxes = this._measure(todo.map(function (i) { return wanted[i].node(); }));
    todo.forEach(function (i, n) { cache[wanted[i].key] = boxes[n]; });
    return wanted.map(function (w) { return cache[w.key]; });
  },

  _countriesShown: function () {
    // Countries with a shown post, partner, case or count: their names are part of what the map says.
    // Worked out once per filter (applyFilter forgets it): 100,000 cases are not read at every move.
    if (this._shownCountries) return this._shownCountries;
    var out = this._shownCountries = new Set(["TWN"]), self = this;
    ["posts", "customs", "cases", "detentions"].forEach(function (kind) {
      self.entries[kind].forEach(function (e) { if (e.visible) out.add(e.props.country); });
    });
    return out;
  },

  _shift: function (icon, offset) {
    // Written only when it changes: thousands of unchanged writes cost milliseconds at 3,800 posts.
    var value = offset ? offset[0] + "px " + offset[1] + "px" : "";
    if (icon && icon.style.translate !== value) icon.style.translate = value;
  },

  _applyLayout: function (out) {
    var self = this;
    this.casesDrawn = out.cases;  // the cases drawn alone: the rest are counted in group symbols or out of view
    LAYER_KINDS.forEach(function (kind) {
      var bulk = kind !== "detentions";  // drawn on the canvas (bulk.js), all at once below
      if (kind === "cases") return;
      self.entries[kind].forEach(function (e) {
        var want = e.visible && !e.hidden;
        if (want !== e.shown && !bulk) self._setShown(e, want);
        e.shown = want;
        if (!bulk) self._shift(e.layer._icon, e.offset);
      });
    });
    this.bulk.redraw();
    if (this.map.hasLayer(this.bulkTip)) this.map.closeTooltip(this.bulkTip);  // it may name a case now hidden
    this.countryLabels.forEach(function (e) {
      var icon = e.marker._icon;
      if (!icon) return;
      if (icon.style.display !== (e.dropped ? "none" : "")) icon.style.display = e.dropped ? "none" : "";
      self._shift(icon, e.offset);
    });
    this._applyPrices();
    this._drawGroups(out.groups);
    this.leaders.setLatLngs(out.leaders);
    document.documentElement.setAttribute("data-layout", String((this._layouts = (this._layouts || 0) + 1)));
  }
});
