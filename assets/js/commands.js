/* The one entry point for the desktop app's commands, selection by id, and fitting the view. */
Object.assign(App, {
  receive: function (json) {
    var msg = JSON.parse(json);
    switch (msg.type) {
      case "filter": return JSON.stringify(this.applyFilter(msg.filter));
      case "language": this.setLanguage(msg.lang); return msg.lang;
      case "select": return this.selectById(msg.kind, msg.id, msg.fly !== false) ? "selected" : "not found";
      case "fit": this._fitVisible(); return "fit";
      case "flyTo": this.map.flyTo([msg.lat, msg.lon], msg.zoom, { duration: 0.8 }); return "flying";
      case "scene": return JSON.stringify(this.showScene(msg.scene));
      case "endScene": this.endScene(); return "ended";
      case "theme": this.setTheme(msg.theme); return msg.theme;
      case "view": return JSON.stringify(this.viewState());
      case "size": return JSON.stringify([window.innerWidth, window.innerHeight]);
      case "plan": return JSON.stringify(this.showPlan(msg.plan));
      case "endPlan": this.endPlan(); return "ended";
      case "pick": this.setPick(msg.mode); return msg.mode || "off";
      case "editing": this.setEditing(msg.on); return msg.on ? "editing" : "off";
    }
    return "unknown command";
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
      var layer = found.marker || found.layer;
      latlng = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
    }
    if (fly) this.map.flyTo(latlng, Math.max(this.map.getZoom(), kind === "country" ? 4 : 5), { duration: 0.8 });
    this._openDetails(kind, props, latlng);
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
      self.entries[kind].forEach(function (e) {
        if (!e.visible) return;
        var layer = e.marker || e.layer;
        bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
      });
    });
    // Keep clear of the title (top right) and legend (bottom right) boxes.
    if (bounds.isValid()) this.map.fitBounds(bounds, { paddingTopLeft: [30, 40], paddingBottomRight: [240, 30], animate: false });
  }
});
