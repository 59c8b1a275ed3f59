/*
 * Routes, cases, posts and customs partners drawn in bulk on one canvas, a Leaflet renderer of our
 * own: no element per feature, so a filter change, a pan or a zoom repaints them in one pass however
 * many there are (an SVG element each took seconds a frame at 100,000 cases). It is drawn once per
 * layout (declutter.js, at every move's end), not also on the renderer's own events. The canvas
 * takes no pointer events, so the countries' SVG below keeps theirs; a click or hover over the map
 * is tested against what was drawn, through a grid of its pixels, before the map sees it.
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

  getEvents: function () {
    // The layout redraws at every move's end; drawing here first as well would paint the last view's layout.
    var events = L.Renderer.prototype.getEvents.call(this);
    delete events.moveend;
    delete events.viewreset;
    return events;
  },

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
      if (hit.corridor) self.expandCorridor(hit.corridor);
      else self._select(hit.kind, hit.entry.props, null, { latlng: map.mouseEventToLatLng(ev) });
    }, true);
    container.addEventListener("mousemove", function (ev) {
      var hit = self._bulkEventHit(ev);
      container.classList.toggle("mapapp-bulk-hover", !!hit);
      if (hit) self._bulkTip(hit, map.mouseEventToLatLng(ev));
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

  _bulkTip: function (hit, latlng) {
    // One tooltip for whatever the canvas drew: a feature's title, or the routes a corridor carries.
    this.bulkTipFor = hit.corridor ? { kind: "routes", corridor: hit.corridor } : { kind: hit.kind, key: hit.entry.props.id };
    this.bulkTip.setContent(hit.corridor ? this._corridorTitle(hit.corridor) : this._title(hit.kind, hit.entry.props.id)).setLatLng(latlng);
    if (!this.map.hasLayer(this.bulkTip)) this.map.openTooltip(this.bulkTip);
  },

  _drawBulk: function (ctx, ratio, bounds) {
    // Routes, cases over them, posts and partners over both, in world pixels of this zoom; what is drawn
    // is kept for hit tests.
    var map = this.map, zoom = map.getZoom(), origin = map.getPixelOrigin().add(bounds.min), self = this;
    var view = L.bounds(origin, origin.add(bounds.getSize()));
    ctx.setTransform(ratio, 0, 0, ratio, -ratio * origin.x, -ratio * origin.y);
    ctx.clearRect(origin.x, origin.y, bounds.getSize().x, bounds.getSize().y);
    var drawn = { routes: [], cases: [], symbols: [] }, styles = this.data.styles;
    this._drawRoutes(ctx, view, zoom, drawn);
    ctx.setLineDash([]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = styles.caseOutline;
    (this.casesDrawn || []).forEach(function (e) {
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
    this._drawSymbols(ctx, view, zoom, drawn);
    this.bulkDrawn = drawn;
    this.bulkGrid = null;  // built on the first hit test after a draw
  },

  _bulkGrid: function () {
    // Cells of world pixels -> what was drawn there: each case and symbol once, each route step once per cell it spans.
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
    this.bulkDrawn.symbols.forEach(function (d, order) {
      add(d.box[0], d.box[1], d.box[2], d.box[3], { kind: d.kind, d: d, order: order });
    });
    return grid;
  },

  bulkHit: function (containerPoint) {
    // The feature drawn at a container point, or null: the post or partner on top, else the case on top,
    // else the route or corridor whose line passes nearest (routes drawn apart are told apart where they
    // part, even by a few pixels). A corridor's hit carries it, its widest route as the entry.
    if (!this.bulkDrawn) return null;
    if (!this.bulkGrid) this.bulkGrid = this._bulkGrid();
    var p = containerPoint.subtract(this._containerShift());
    var list = this.bulkGrid.get(Math.floor(p.x / HIT_CELL) * 100003 + Math.floor(p.y / HIT_CELL)) || [];
    var best = null, bestScore = Infinity;
    list.forEach(function (item) {
      var score, b = item.d.box;  // lower wins: symbols, cases, routes; the top one first, then the nearest route
      if (b) score = p.x >= b[0] && p.x <= b[2] && p.y >= b[1] && p.y <= b[3] ? -1e9 - item.order : Infinity;
      else if (item.kind === "cases") score = p.distanceTo(item.d.at) <= item.d.r + 1 ? -1 - item.order : Infinity;
      else {
        var gap = L.LineUtil.pointToSegmentDistance(p, item.a, item.b);
        score = gap <= item.d.width / 2 + HIT_SLACK ? gap - item.order * 1e-6 : Infinity;
      }
      if (score < bestScore) { best = item; bestScore = score; }
    });
    if (!best) return null;
    var corridor = best.kind === "routes" && best.d.entries.length > 1 ? best.d : null;
    return { kind: best.kind, entry: best.d.entry, box: best.d.box, corridor: corridor };
  },

  _bulkBoxes: function () {
    // The drawn cases', posts' and partners' boxes in page pixels, for check-legibility.
    var frame = this.map.getContainer().getBoundingClientRect(), drawn = this.bulkDrawn || { cases: [], symbols: [] };
    var shift = this._containerShift().add([frame.left, frame.top]);
    return drawn.cases.map(function (d) {
      var c = d.at.add(shift);
      return { kind: "cases", entry: d.entry, box: [c.x - d.r, c.y - d.r, c.x + d.r, c.y + d.r] };
    }).concat(drawn.symbols.map(function (d) { return { kind: d.kind, entry: d.entry, box: shiftBox(d.box, shift.x, shift.y) }; }));
  }
});
