/* The one entry point for the desktop app's commands, selection by id, and fitting the view. */
var COMMANDS = {
  filter: function (m) { return this.applyFilter(m.filter); },
  language: function (m) { this.setLanguage(m.lang); },
  select: function (m) { return this.selectById(m.kind, m.id, m.fly !== false); },
  fit: function () { this._fitVisible(); },
  flyTo: function (m) { this.map.flyTo([m.lat, m.lon], m.zoom, { duration: 0.8 }); },
  scene: function (m) { return this.showScene(m.scene); },
  endScene: function () { this.endScene(); },
  theme: function (m) { this.setTheme(m.theme); },
  change: function (m) { return this.showChange(m.change); },
  markTool: function (m) { return this.setMarkTool(m.tool); },
  marks: function () { return this.getMarks(); },
  setMarks: function (m) { return this.setMarks(m.marks); },
  print: function (m) { document.documentElement.classList.toggle("print", !!m.on); this._layout(); },
  view: function () { return this.viewState(); },
  size: function () { return [window.innerWidth, window.innerHeight]; },
  plan: function (m) { return this.showPlan(m.plan); },
  endPlan: function () { this.endPlan(); },
  pick: function (m) { this.setPick(m.mode); },
  editing: function (m) { this.setEditing(m.on); },
  legibility: function () { return this.legibility(); },
  details: function (m) { this.receiveDetails(m); }
};

Object.assign(App, {
  receive: function (json) {
    // One handler per command type (mapapp/to_page.py); every answer is JSON, null when there is none.
    var msg = JSON.parse(json);
    var handler = Object.prototype.hasOwnProperty.call(COMMANDS, msg.type) ? COMMANDS[msg.type] : null;
    if (!handler) return JSON.stringify({ error: "unknown command " + msg.type });
    var answer = handler.call(this, msg);
    return JSON.stringify(answer === undefined ? null : answer);
  },

  selectById: function (kind, id, fly) {
    // fly: false when a reloaded page shows the selection again: the view stays where the user left it.
    var props = null, latlng = null;
    if (kind === "country") {
      props = this._countryProps(id);
      if (!props.label) return false;
      latlng = L.latLng(props.label[1], props.label[0]);
    } else {
      var found = this._entry(kind, id);
      if (!found) return false;
      props = found.props;
      latlng = found.bounds ? found.bounds.getCenter() : this._latLng(found);
    }
    if (fly) {
      // The popup opens where the flight ends, so its own pan brings all of it into view.
      this.map.once("moveend", function () { this._openDetails(kind, props, latlng); }, this);
      this.map.flyTo(latlng, Math.max(this.map.getZoom(), kind === "country" ? 4 : 5), { duration: 0.8 });
    } else {
      this._openDetails(kind, props, latlng);
    }
    return true;
  },

  /* ---------- view ---------- */

  _fitView: function () {
    // The page's first view stays framed while the window around it settles (the start page
    // draws before the panels take their room), until anything else moves the map.
    if (!this._framing) {
      this._framing = true;
      this.map.on("movestart", function () { if (!this._fitting) this._framed = false; }, this);
      this.map.on("resize", function () { if (this._framed && !this.scene) this._fitView(); }, this);
    }
    this._fitting = true;
    if (this.data.view && this.data.view.bounds) this.map.fitBounds(this.data.view.bounds, { animate: false });
    else this._fitVisible();
    this._fitting = false;
    this._framed = true;
  },

  _fitVisible: function () {
    var bounds = L.latLngBounds([]);
    var self = this;
    ["posts", "cases", "routes", "customs"].forEach(function (kind) {
      self.entries[kind].forEach(function (e) { if (e.visible) bounds.extend(e.bounds || self._latLng(e)); });
    });
    // Keep clear of the title (top right) and legend (bottom right) boxes.
    if (bounds.isValid()) this.map.fitBounds(bounds, { paddingTopLeft: [30, 40], paddingBottomRight: [240, 30], animate: false });
  }
});
