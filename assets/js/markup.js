/*
 * Marking the map up live while presenting: a pen, a highlighter, and a spotlight that dims all but
 * a circle around the pointer. Strokes are kept in map coordinates (latlngs), so they stay on the
 * places they were drawn on as the view settles, and a scene's kept marks are drawn again, at any
 * size, when it is shown or exported (showScene's `marks`). A new scene starts clean.
 */
var MARK_STYLES = {
  pen: { color: "#e53935", weight: 4, opacity: 0.95 },
  highlighter: { color: "#ffd600", weight: 18, opacity: 0.45 }
};
var SPOTLIGHT_RADIUS = 120;  // px
var SPOTLIGHT_DIM = "rgba(0, 0, 0, 0.6)";

Object.assign(App, {
  _markupInit: function () {
    var map = this.map, container = map.getContainer(), self = this;
    map.createPane("marks").style.zIndex = 640;
    map.getPane("marks").style.pointerEvents = "none";
    this.marks = [];  // [{tool, latlngs, line}]
    this.markTool = null;
    this.spotlight = el("div", "mapapp-spotlight");
    this.spotlight.hidden = true;
    container.appendChild(this.spotlight);
    // Capture: while a tool is on, a press draws instead of selecting or panning.
    container.addEventListener("mousedown", function (ev) {
      if (!MARK_STYLES[self.markTool] || ev.button !== 0) return;
      ev.preventDefault();
      ev.stopPropagation();
      self._stroke = self._addMark(self.markTool, [map.mouseEventToLatLng(ev)]);
    }, true);
    container.addEventListener("mousemove", function (ev) {
      if (self.markTool === "spotlight") self._spot(map.mouseEventToContainerPoint(ev));
      if (!self._stroke) return;
      ev.stopPropagation();
      self._stroke.latlngs.push(map.mouseEventToLatLng(ev));
      self._stroke.line.setLatLngs(self._stroke.latlngs);
    }, true);
    var end = function (ev) {
      if (!self._stroke) return;
      ev.stopPropagation();
      self._stroke = null;
      document.documentElement.setAttribute("data-marks", String(self.marks.length));
    };
    container.addEventListener("mouseup", end, true);
    container.addEventListener("mouseleave", end, true);
    container.addEventListener("click", function (ev) { if (self.markTool) ev.stopPropagation(); }, true);
  },

  setMarkTool: function (tool) {
    // "pen", "highlighter", "spotlight" or null (the pointer pans and selects again).
    this.markTool = MARK_STYLES[tool] || tool === "spotlight" ? tool : null;
    var drawing = !!MARK_STYLES[this.markTool];
    if (drawing) this.map.dragging.disable(); else this.map.dragging.enable();
    this.map.getContainer().classList.toggle("marking", drawing);
    this.spotlight.hidden = this.markTool !== "spotlight";
    if (this.markTool === "spotlight") this._spot(this.map.getSize().divideBy(2));
    return this.markTool;
  },

  _spot: function (at) {
    this.spotlight.style.background = "radial-gradient(circle at " + at.x + "px " + at.y + "px, transparent " +
      SPOTLIGHT_RADIUS + "px, " + SPOTLIGHT_DIM + " " + (SPOTLIGHT_RADIUS + 2) + "px)";
  },

  _addMark: function (tool, latlngs) {
    var mark = { tool: tool, latlngs: latlngs };
    mark.line = L.polyline(latlngs, L.extend({ pane: "marks", interactive: false, lineCap: "round", lineJoin: "round" },
                                              MARK_STYLES[tool])).addTo(this.map);
    this.marks.push(mark);
    return mark;
  },

  getMarks: function () {
    // The strokes as data: what Python keeps for a scene and hands to an export.
    return this.marks.map(function (m) {
      return { tool: m.tool, points: m.latlngs.map(function (p) { return [Math.round(p.lat * 1e5) / 1e5, Math.round(p.lng * 1e5) / 1e5]; }) };
    });
  },

  setMarks: function (marks) {
    // Clears the map's marks and draws these (none: a clean map); strokes of an unknown tool are skipped.
    this.marks.forEach(function (m) { m.line.remove(); });
    this.marks = [];
    (marks || []).forEach(function (m) {
      if (MARK_STYLES[m.tool] && m.points && m.points.length) this._addMark(m.tool, m.points.map(function (p) { return L.latLng(p[0], p[1]); }));
    }, this);
    document.documentElement.setAttribute("data-marks", String(this.marks.length));
    return this.marks.length;
  }
});
