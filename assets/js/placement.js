/*
 * Screen-space placement, free of Leaflet: boxes are [x0, y0, x1, y1] in the map's container
 * pixels. An occupancy grid answers "is this box free?" for the layout (declutter.js), which puts
 * symbols and labels in priority order, each at its own place or at the nearest free offset.
 */

var GRID_CELL = 64;
// Boxes touching one grid cell beyond which the cell counts as one crowd (a cell holds ~7 symbols side by side).
var DENSE_CELL = 12;
// Room left between two placed boxes; check-legibility counts an overlap above 1 px (map/legibility.py).
var PLACE_GAP = 2;

function Occupancy(width, height) {
  this.width = width;
  this.height = height;
  this.cells = new Map();
}

Occupancy.prototype._cellRange = function (box, visit) {
  var cx0 = Math.floor(box[0] / GRID_CELL), cy0 = Math.floor(box[1] / GRID_CELL);
  var cx1 = Math.floor(box[2] / GRID_CELL), cy1 = Math.floor(box[3] / GRID_CELL);
  for (var cx = cx0; cx <= cx1; cx++) {
    for (var cy = cy0; cy <= cy1; cy++) {
      if (visit(cx * 100003 + cy) === false) return false;
    }
  }
  return true;
};

Occupancy.prototype.free = function (box, dx, dy) {
  // Free when it lies inside the frame and overlaps nothing placed (by more than the gap); dx, dy: the
  // box shifted by that much (firstFree tries hundreds of offsets a layout: no array made for each).
  dx = dx || 0;
  dy = dy || 0;
  return box[0] + dx >= 0 && box[1] + dy >= 0 && box[2] + dx <= this.width && box[3] + dy <= this.height && !this.hits(box, dx, dy);
};

Occupancy.prototype.hits = function (box, dx, dy) {
  dx = dx || 0;
  dy = dy || 0;
  var x0 = box[0] + dx, y0 = box[1] + dy, x1 = box[2] + dx, y1 = box[3] + dy;
  for (var cx = Math.floor(x0 / GRID_CELL); cx <= Math.floor(x1 / GRID_CELL); cx++) {
    for (var cy = Math.floor(y0 / GRID_CELL); cy <= Math.floor(y1 / GRID_CELL); cy++) {
      var list = this.cells.get(cx * 100003 + cy);
      if (!list) continue;
      for (var i = 0; i < list.length; i++) {
        var b = list[i].box;
        if (Math.min(b[2], x1) - Math.max(b[0], x0) > 0 && Math.min(b[3], y1) - Math.max(b[1], y0) > 0) return true;
      }
    }
  }
  return false;
};

Occupancy.prototype.add = function (box, tag) {
  // tag: a name for a tentative set of boxes that removeTag takes back (a spread that did not fit).
  var cells = this.cells, keys = [];
  var item = { box: grownBox(box, PLACE_GAP), tag: tag };
  this._cellRange(item.box, function (key) {
    var list = cells.get(key);
    if (list) list.push(item); else cells.set(key, [item]);
    keys.push(key);
  });
  if (tag !== undefined) {
    if (!this.tagged) this.tagged = new Map();
    this.tagged.set(tag, (this.tagged.get(tag) || []).concat(keys));
  }
};

Occupancy.prototype.removeTag = function (tag) {
  var cells = this.cells;
  ((this.tagged && this.tagged.get(tag)) || []).forEach(function (key) {
    cells.set(key, cells.get(key).filter(function (item) { return item.tag !== tag; }));
  });
  if (this.tagged) this.tagged.delete(tag);
};

function overlapBy(a, b) {
  var w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  var h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? Math.min(w, h) : 0;
}

function shiftBox(box, x, y) { return [box[0] + x, box[1] + y, box[2] + x, box[3] + y]; }

function grownBox(box, by) { return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]; }

function unionBox(a, b) { return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]; }

var _ringCache = {};
function ringOffsets(step, max) {
  // Offsets on rings of growing radius, nearest first, 8 more per ring: where a displaced box is tried.
  var key = step + ":" + max;
  if (_ringCache[key]) return _ringCache[key];
  var out = [[0, 0]];
  for (var ring = 1; ring * step <= max; ring++) {
    var n = 8 * ring, r = ring * step;
    for (var k = 0; k < n; k++) {
      // Start above the anchor: a label or symbol pushed up reads as belonging to the place below it.
      var a = -Math.PI / 2 + 2 * Math.PI * k / n;
      out.push([Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))]);
    }
  }
  _ringCache[key] = out;
  return out;
}

function firstFree(occupancy, box, offsets) {
  // The first offset at which the box is free, or null.
  for (var i = 0; i < offsets.length; i++) {
    if (occupancy.free(box, offsets[i][0], offsets[i][1])) return offsets[i];
  }
  return null;
}

function touchingGroups(boxes) {
  // Connected groups of boxes that overlap one another (union-find over a grid), as index lists.
  var parent = boxes.map(function (_b, i) { return i; });
  var find = function (i) { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; };
  var cells = new Map();
  boxes.forEach(function (box, i) {
    var grown = grownBox(box, PLACE_GAP);
    Occupancy.prototype._cellRange(grown, function (key) {
      var list = cells.get(key);
      if (!list) { cells.set(key, [i]); return true; }
      if (list.length >= DENSE_CELL) { parent[find(list[0])] = find(i); return true; }  // packed: one crowd, no more checks
      list.forEach(function (j) { if (overlapBy(boxes[j], grown) > 0) parent[find(j)] = find(i); });
      list.push(i);
      return true;
    });
  });
  var groups = new Map();
  boxes.forEach(function (_b, i) {
    var root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(i);
  });
  return Array.from(groups.values());
}

function nearbyClusters(points, radius) {
  // Greedy clusters: each point not yet taken starts one and takes the free points within radius
  // of it, in the given order (a grid of radius-sized cells keeps this linear).
  var cells = new Map(), key = function (cx, cy) { return cx * 100003 + cy; };
  points.forEach(function (p, i) {
    var k = key(Math.floor(p[0] / radius), Math.floor(p[1] / radius));
    if (cells.has(k)) cells.get(k).push(i); else cells.set(k, [i]);
  });
  var taken = new Array(points.length).fill(false), out = [];
  points.forEach(function (p, i) {
    if (taken[i]) return;
    var members = [], cx = Math.floor(p[0] / radius), cy = Math.floor(p[1] / radius);
    for (var x = cx - 1; x <= cx + 1; x++) {
      for (var y = cy - 1; y <= cy + 1; y++) {
        (cells.get(key(x, y)) || []).forEach(function (j) {
          var dx = points[j][0] - p[0], dy = points[j][1] - p[1];
          if (!taken[j] && dx * dx + dy * dy <= radius * radius) { taken[j] = true; members.push(j); }
        });
      }
    }
    members.sort(function (a, b) { return a - b; });
    out.push(members);
  });
  return out;
}

function nodeBox(node) {
  // The drawn box of a node and everything in it, in page pixels (a post's badge sticks out of it).
  var box = null;
  [node].concat(Array.from(node.querySelectorAll("*"))).forEach(function (n) {
    var r = n.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return;
    box = box ? unionBox(box, [r.left, r.top, r.right, r.bottom]) : [r.left, r.top, r.right, r.bottom];
  });
  return box || [0, 0, 0, 0];
}
