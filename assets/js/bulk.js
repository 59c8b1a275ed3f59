/*
 * Cases and routes drawn in bulk on one canvas, a Leaflet renderer of our own: no element per
 * feature, so a filter change, a pan or a zoom repaints them in one pass however many there are
 * (an SVG element each took seconds a frame at 100,000 cases). The canvas takes no pointer events,
 * so the countries' SVG below keeps theirs; a click or hover over the map is tested against what
 * was drawn, through a grid of its pixels, before the map sees it.
 */
var HIT_CELL = 32;        // px: the hit grid's cell
var HIT_SLACK = 4;        // px: how near a route the pointer counts as on it

var BulkRenderer = L.Renderer.extend({
  _initContainer: function () {
    this._container = el("canvas", "mapapp-bulk");
    this._ctx = this._container.getContext("2d");
  },

  _destroyContainer: function () { L.DomUtil.remove(this._container); },
  _updatePaths: function () {},
  _onZoomEnd: function () {},

  _update: function () {
    if (this._map._animatingZoom && this._bounds) return;
    L.Renderer.prototype._update.call(this);
    var b = this._bounds, size = b.getSize(), canvas = this._container, ratio = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(canvas, b.min);
    canvas.width = Math.round(ratio * size.x);
    canvas.height = Math.round(ratio * size.y);
    canvas.style.width = size.x + "px";
    canvas.style.height = size.y + "px";
    this.options.app._drawBulk(this._ctx, ratio, b);
  },

  redraw: function () { if (this._map) this._update(); }
});

Object.assign(App, {
  _bulkInit: function () {
    var map = this.map, container = map.getContainer(), self = this;
    this.bulk = new BulkRenderer({ pane: "bulk", app: this });
    this.bulkTip = L.tooltip({ direction: "top", offset: [0, -6] });
    // Capture: the canvas's features are on top of the countries, so they answer a click first.
    container.addEventListener("click", function (ev) {
      var hit = self._bulkEventHit(ev);
      if (!hit) return;
      ev.stopPropagation();
      self._select(hit.kind, hit.entry.props, null, { latlng: map.mouseEventToLatLng(ev) });
    }, true);
    container.addEventListener("mousemove", function (ev) {
      var hit = self._bulkEventHit(ev);
      container.classList.toggle("mapapp-bulk-hover", !!hit);
      if (hit) self._bulkTip(hit.kind, hit.entry, map.mouseEventToLatLng(ev));
      else if (map.hasLayer(self.bulkTip)) map.closeTooltip(self.bulkTip);
    });
    this.bulk.addTo(map);
  },

  _bulkEventHit: function (ev) {
    // Only where the pointer is on the map itself or a country: a post, a popup or a box over the map keeps it.
    if (this.pickMode || (this.map.dragging && this.map.dragging.moved())) return null;
    var target = ev.target;
    var onMap = target === this.map.getContainer() || target.classList.contains("leaflet-map-pane") ||
                !!target.closest(".leaflet-basemap-pane");
    return onMap ? this.bulkHit(this.map.mouseEventToContainerPoint(ev)) : null;
  },

  _bulkTip: function (kind, entry, latlng) {
    this.bulkTipFor = { kind: kind, key: entry.props.id };
    this.bulkTip.setContent(this._title(kind, entry.props.id)).setLatLng(latlng);
    if (!this.map.hasLayer(this.bulkTip)) this.map.openTooltip(this.bulkTip);
  },

  _projectedParts: function (entry, zoom) {
    // A route's parts in world pixels at this zoom, with their extent; computed once per zoom.
    if (entry.partsAt !== zoom) {
      var map = this.map, min = L.point(Infinity, Infinity), max = L.point(-Infinity, -Infinity);
      entry.projectedParts = entry.parts.map(function (part) {
        return part.map(function (c) {
          var p = map.project(c, zoom);
          min = L.point(Math.min(min.x, p.x), Math.min(min.y, p.y));
          max = L.point(Math.max(max.x, p.x), Math.max(max.y, p.y));
          return p;
        });
      });
      entry.pixelBounds = L.bounds(min, max);
      entry.partsAt = zoom;
    }
    return entry.projectedParts;
  },

  _drawBulk: function (ctx, ratio, bounds) {
    // Routes, then cases over them, in world pixels of this zoom; what is drawn is kept for hit tests.
    var map = this.map, zoom = map.getZoom(), origin = map.getPixelOrigin().add(bounds.min), self = this;
    var view = L.bounds(origin, origin.add(bounds.getSize()));
    ctx.setTransform(ratio, 0, 0, ratio, -ratio * origin.x, -ratio * origin.y);
    ctx.clearRect(origin.x, origin.y, bounds.getSize().x, bounds.getSize().y);
    var drawn = { routes: [], cases: [] }, styles = this.data.styles;
    ctx.lineCap = ctx.lineJoin = "round";
    this.entries.routes.forEach(function (e) {
      if (!e.shown) return;
      var parts = self._projectedParts(e, zoom);
      if (!view.intersects(e.pixelBounds)) return;
      var width = self._routeWeight(e.props);
      ctx.globalAlpha = 0.85;
      ctx.strokeStyle = ctx.fillStyle = e.props.colour;
      ctx.lineWidth = width;
      ctx.setLineDash(e.props.basis === "schematic" ? [6, 7] : []);
      ctx.beginPath();
      parts.forEach(function (part) {
        part.forEach(function (p, i) { if (i) ctx.lineTo(p.x, p.y); else ctx.moveTo(p.x, p.y); });
      });
      ctx.stroke();
      self._arrowhead(ctx, parts[parts.length - 1]);
      drawn.routes.push({ entry: e, parts: parts, width: width });
    });
    ctx.setLineDash([]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = styles.caseOutline;
    this.entries.cases.forEach(function (e) {
      if (!e.shown) return;
      var p = e.offset ? self._projected(e, zoom).add(e.offset) : self._projected(e, zoom), r = e.props.radius;
      if (p.x + r < view.min.x || p.x - r > view.max.x || p.y + r < view.min.y || p.y - r > view.max.y) return;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.8;
      ctx.fillStyle = styles.drugs[e.props.lead_drug];
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.stroke();
      drawn.cases.push({ entry: e, at: p, r: r });
    });
    ctx.globalAlpha = 1;
    this.bulkDrawn = drawn;
    this.bulkGrid = null;  // built on the first hit test after a draw
  },

  _arrowhead: function (ctx, line) {
    // As the SVG arrow was: 14 px long, its tip 2.8 px past the route's end, pointing along its last step.
    if (line.length < 2) return;
    var end = line[line.length - 1], before = line[line.length - 2];
    var a = Math.atan2(end.y - before.y, end.x - before.x), c = Math.cos(a), s = Math.sin(a);
    var at = function (x, y) { return [end.x + x * c - y * s, end.y + x * s + y * c]; };
    var tip = at(2.8, 0), left = at(-11.2, -7), right = at(-11.2, 7);
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(tip[0], tip[1]);
    ctx.lineTo(left[0], left[1]);
    ctx.lineTo(right[0], right[1]);
    ctx.closePath();
    ctx.fill();
  },

  _bulkGrid: function () {
    // Cells of world pixels -> what was drawn there: each case once, each route step once per cell it spans.
    var grid = new Map(), add = function (x0, y0, x1, y1, item) {
      for (var cx = Math.floor(x0 / HIT_CELL); cx <= Math.floor(x1 / HIT_CELL); cx++) {
        for (var cy = Math.floor(y0 / HIT_CELL); cy <= Math.floor(y1 / HIT_CELL); cy++) {
          var key = cx * 100003 + cy, list = grid.get(key);
          if (list) list.push(item); else grid.set(key, [item]);
        }
      }
    };
    this.bulkDrawn.routes.forEach(function (d, order) {
      var slack = d.width / 2 + HIT_SLACK;
      d.parts.forEach(function (part) {
        for (var i = 1; i < part.length; i++) {
          var a = part[i - 1], b = part[i];
          add(Math.min(a.x, b.x) - slack, Math.min(a.y, b.y) - slack, Math.max(a.x, b.x) + slack, Math.max(a.y, b.y) + slack,
              { kind: "routes", d: d, a: a, b: b, order: order });
        }
      });
    });
    this.bulkDrawn.cases.forEach(function (d, order) {
      add(d.at.x - d.r, d.at.y - d.r, d.at.x + d.r, d.at.y + d.r, { kind: "cases", d: d, order: order });
    });
    return grid;
  },

  bulkHit: function (containerPoint) {
    // The case or route drawn at a container point, or null: the case on top; else the route whose line
    // passes nearest (routes that share a corridor are told apart where they part, even by a few pixels).
    if (!this.bulkDrawn) return null;
    if (!this.bulkGrid) this.bulkGrid = this._bulkGrid();
    var p = containerPoint.subtract(this._containerShift());
    var list = this.bulkGrid.get(Math.floor(p.x / HIT_CELL) * 100003 + Math.floor(p.y / HIT_CELL)) || [];
    var best = null, bestScore = Infinity;
    list.forEach(function (item) {
      var score;  // lower wins: cases before routes, the top case first, then the nearest route
      if (item.kind === "cases") score = p.distanceTo(item.d.at) <= item.d.r + 1 ? -1 - item.order : Infinity;
      else {
        var gap = L.LineUtil.pointToSegmentDistance(p, item.a, item.b);
        score = gap <= item.d.width / 2 + HIT_SLACK ? gap - item.order * 1e-6 : Infinity;
      }
      if (score < bestScore) { best = item; bestScore = score; }
    });
    return best ? { kind: best.kind, entry: best.d.entry } : null;
  },

  _bulkBoxes: function () {
    // The drawn cases' boxes in page pixels, for check-legibility.
    var frame = this.map.getContainer().getBoundingClientRect();
    var shift = this._containerShift().add([frame.left, frame.top]);
    return (this.bulkDrawn ? this.bulkDrawn.cases : []).map(function (d) {
      var c = d.at.add(shift);
      return { entry: d.entry, box: [c.x - d.r, c.y - d.r, c.x + d.r, c.y + d.r] };
    });
  }
});
