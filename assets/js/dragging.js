/*
 * While the data tables are open, a post is dragged to a new place: pressed where the canvas drew it
 * (bulk.js), carried with the pointer, and reported on release (onMoved). The desktop app saves the
 * move (undoable) or refuses it, and sends the page again either way. A press anywhere else pans.
 */
var DRAG_THRESHOLD = 3;  // px a press must move to be a drag rather than a click

Object.assign(App, {
  _dragInit: function () {
    var self = this;
    // Capture: before the map's own press handler, which would pan it.
    this.map.getContainer().addEventListener("mousedown", function (ev) {
      if (!self.editing || ev.button !== 0) return;
      var hit = self._bulkEventHit(ev);
      if (!hit || hit.kind !== "posts") return;
      ev.stopPropagation();
      ev.preventDefault();
      self._drag(hit.entry, ev);
    }, true);
  },

  _drag: function (entry, press) {
    var map = this.map, self = this, from = entry.latlng, start = map.mouseEventToContainerPoint(press);
    var grab = start.subtract(map.latLngToContainerPoint(from)), moved = false, frame = null;
    var move = function (ev) {
      var at = map.mouseEventToContainerPoint(ev);
      if (!moved && at.distanceTo(start) < DRAG_THRESHOLD) return;
      moved = true;
      entry.latlng = map.containerPointToLatLng(at.subtract(grab));
      if (!frame) frame = requestAnimationFrame(function () { frame = null; self.bulk.redraw(); });
    };
    var swallow = function (ev) { ev.stopPropagation(); ev.preventDefault(); };
    var release = function (ev) {
      document.removeEventListener("mousemove", move, true);
      document.removeEventListener("mouseup", release, true);
      if (!moved) return;  // a click: it selects the post
      move(ev);
      window.addEventListener("click", swallow, true);  // the click this release makes is not a selection
      setTimeout(function () { window.removeEventListener("click", swallow, true); }, 0);
      if (typeof self.onMoved === "function") self.onMoved("posts", entry.props.id, entry.latlng.lat, wrapLon(entry.latlng.lng));
      else entry.latlng = from;  // nobody to keep the move: back
      self.bulk.redraw();
    };
    document.addEventListener("mousemove", move, true);
    document.addEventListener("mouseup", release, true);
  }
});
