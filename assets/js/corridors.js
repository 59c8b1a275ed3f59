/*
 * Routes on the bulk canvas (bulk.js). Zoomed in, each is drawn on its own. At world and region
 * views (below CORRIDOR_ZOOM) routes that start in one cell of the world's pixels and end in one are bundled
 * into a corridor, as flow maps do: one line, wider the more routes it carries, its arrow once, in the
 * colour most of them have; a hover names them and a click zooms in until they part. A hundred
 * routes from one region to Taiwan's ports read as one flow, not a tangle of arcs.
 */
var CORRIDOR_ZOOM = 4;        // from this zoom on, every route is drawn on its own
var CORRIDOR_CELL = 88;       // px: routes whose ends fall in the same cells share a corridor
var CORRIDOR_MAX_WIDTH = 10;  // px: the widest corridor

Object.assign(App, {
  _drawRoutes: function (ctx, view, zoom, drawn) {
    var self = this, shown = [];
    this.entries.routes.forEach(function (e) {
      if (!e.shown) return;
      var parts = self._projectedParts(e, zoom);
      if (view.intersects(e.pixelBounds)) shown.push({ entry: e, parts: parts });
    });
    ctx.lineCap = ctx.lineJoin = "round";
    this._corridors(shown, zoom).forEach(function (c) {
      ctx.globalAlpha = 0.85;
      ctx.strokeStyle = ctx.fillStyle = c.colour;
      ctx.lineWidth = c.width;
      ctx.setLineDash(c.schematic ? [6, 7] : []);
      ctx.beginPath();
      c.parts.forEach(function (part) {
        part.forEach(function (p, i) { if (i) ctx.lineTo(p.x, p.y); else ctx.moveTo(p.x, p.y); });
      });
      ctx.stroke();
      self._arrowhead(ctx, c.parts[c.parts.length - 1], Math.max(1, c.width / 5));
      drawn.routes.push(c);
    });
    ctx.globalAlpha = 1;
  },

  _corridors: function (shown, zoom) {
    // [{entry, entries, parts, width, colour, schematic}]: a route alone is its own corridor. A corridor
    // follows its widest route, as wide as that route times the square root of how many it carries.
    // A route the scene points at is drawn on its own: its highlight follows its own line.
    var self = this, cells = new Map(), out = [], lit = new Set();
    ((this.scene && this.scene.highlight) || []).forEach(function (h) { if (h.kind === "routes") lit.add(h.id); });
    shown.forEach(function (r) {
      var key = r.entry.props.id;
      if (zoom < CORRIDOR_ZOOM && !lit.has(key)) {
        var first = r.parts[0][0], last = r.parts[r.parts.length - 1], end = last[last.length - 1];
        key = [first.x, first.y, end.x, end.y].map(function (v) { return Math.floor(v / CORRIDOR_CELL); }).join();
      }
      var list = cells.get(key);
      if (list) list.push(r); else cells.set(key, [r]);
    });
    cells.forEach(function (members) {
      var widest = members[0], colours = {}, colour = null;
      members.forEach(function (m) {
        var p = m.entry.props;
        if (p.weight > widest.entry.props.weight) widest = m;
        colours[p.colour] = (colours[p.colour] || 0) + 1;
        if (!colour || colours[p.colour] > colours[colour]) colour = p.colour;
      });
      out.push({
        entry: widest.entry, entries: members.map(function (m) { return m.entry; }), parts: widest.parts, colour: colour,
        width: self._corridorWidth(self._routeWeight(widest.entry.props), members.length),
        schematic: members.every(function (m) { return m.entry.props.basis === "schematic"; })
      });
    });
    return out;
  },

  _corridorWidth: function (width, n) { return Math.max(width, Math.min(CORRIDOR_MAX_WIDTH, width * Math.sqrt(n))); },

  expandCorridor: function (corridor) {
    // Zoomed in to where every route is drawn on its own, centred on where the corridor's routes start.
    var starts = L.latLngBounds(corridor.entries.map(function (e) { return e.parts[0][0]; }));
    this.map.flyTo(starts.getCenter(), Math.max(CORRIDOR_ZOOM, this.map.getZoom() + 1), { duration: 0.6 });
  },

  _corridorTitle: function (corridor) {
    return this._groupTitle({ ids: corridor.entries.map(function (e) { return e.props.id; }),
                              items: corridor.entries.map(function (e) { return { kind: "routes", entry: e }; }) });
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

  _arrowhead: function (ctx, line, scale) {
    // As the SVG arrow was: 14 px long, its tip 2.8 px past the route's end, pointing along its last step;
    // larger for a wide corridor, which would hide it.
    if (line.length < 2) return;
    var end = line[line.length - 1], before = line[line.length - 2];
    var a = Math.atan2(end.y - before.y, end.x - before.x), c = scale * Math.cos(a), s = scale * Math.sin(a);
    var at = function (x, y) { return [end.x + x * c - y * s, end.y + x * s + y * c]; };
    var tip = at(2.8, 0), left = at(-11.2, -7), right = at(-11.2, 7);
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(tip[0], tip[1]);
    ctx.lineTo(left[0], left[1]);
    ctx.lineTo(right[0], right[1]);
    ctx.closePath();
    ctx.fill();
  }
});
