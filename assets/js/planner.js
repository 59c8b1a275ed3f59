/* The planner's gap map and the posts of a plan; picking a point on the map. */
Object.assign(App, {
  showPlan: function (plan) {
    // The gap map in front; the briefing layers stay (filters and counts unchanged) but recede.
    var self = this, styles = this.data.styles.planner;
    this.endPlan();
    this.plan = plan;
    this.map.getContainer().classList.add("planning");
    this.planLayer = L.layerGroup().addTo(this.map);
    plan.sites.forEach(function (s) {
      if (s.radius_km === null || s.radius_km <= 0) return;
      var colour = s.status === "new" ? styles.new : s.status === "moved" ? styles.moved : styles.existing;
      L.circle([s.lat, s.lon], {
        pane: "planReach", radius: s.radius_km * 1000, color: colour, weight: 1, dashArray: "4 4",
        fillColor: colour, fillOpacity: 0.06, interactive: false
      }).addTo(self.planLayer);
    });
    var maxNeed = Math.max.apply(null, plan.points.map(function (p) { return p.need; }).concat([1]));
    plan.points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        pane: "planPoints", radius: 5 + 17 * Math.sqrt(p.need / maxNeed), weight: 2,
        color: "#fff", fillColor: p.newly ? styles.newly : p.covered ? styles.covered : styles.uncovered, fillOpacity: 0.85
      });
      marker.bindTooltip(function () { return self._planPointTip(p); });
      marker.addTo(self.planLayer);
    });
    plan.sites.concat(plan.removed.map(function (r) { return Object.assign({ status: "removed" }, r); })).forEach(function (s) {
      var icon;
      if (s.status === "post") {
        icon = self._postIcon({ agency: s.agency, posts: 1 });
      } else {
        var node = el("div", "plan-site", s.status === "new" ? "+" + s.new_rank : s.status === "moved" ? "⇄" : "×");
        node.style.background = styles[s.status];
        icon = L.divIcon({ className: "symbol-icon", html: node, iconSize: [26, 26], iconAnchor: [13, 13] });
      }
      var m = L.marker([s.lat, s.lon], { icon: icon, pane: "planSites" });
      m.bindTooltip(function () { return self._planSiteTip(s); });
      m.addTo(self.planLayer);
    });
    if (plan.fit) {
      // Frame what the plan changes: its new posts and the points they newly cover (else every point).
      var changed = plan.points.filter(function (p) { return p.newly; });
      var bounds = L.latLngBounds((changed.length ? changed : plan.points).map(function (p) { return [p.lat, p.lon]; }));
      plan.sites.forEach(function (s) { if (s.status !== "post") bounds.extend([s.lat, s.lon]); });
      if (bounds.isValid()) this.map.fitBounds(bounds, { paddingTopLeft: [260, 40], paddingBottomRight: [240, 30], maxZoom: 5, animate: false });
    }
    this._drawPlanBox();
    document.documentElement.setAttribute("data-plan", plan.points.length + ":" + plan.sites.length);
    return { points: plan.points.length, uncovered: plan.points.filter(function (p) { return !p.covered; }).length, sites: plan.sites.length };
  },

  _planPointTip: function (p) {
    var box = el("div", "plan-tip");
    box.appendChild(el("b", null, this.pick(p, "name")));
    box.appendChild(el("div", null, this.t("plan_need") + " " + fmt(p.need, 1)));
    box.appendChild(el("div", null, p.covered ? this.t("plan_covered_by") + " " + p.by.length : this.t("plan_uncovered")));
    return box;
  },

  _planSiteTip: function (s) {
    var box = el("div", "plan-tip");
    box.appendChild(el("b", null, this.pick(s, "name")));
    box.appendChild(el("div", null, this.t("plan_status_" + s.status)));
    if (s.only_here !== undefined) box.appendChild(el("div", null, this.t("plan_only_here") + " " + fmt(s.only_here, 1)));
    return box;
  },

  _drawPlanBox: function () {
    if (!this.planBox) {
      var Box = L.Control.extend({ onAdd: function () { return el("div", "mapapp-plan"); } });
      this.planBox = new Box({ position: "topleft" }).addTo(this.map);
    }
    var node = this.planBox.getContainer(), p = this.plan, styles = this.data.styles.planner, self = this;
    node.textContent = "";
    node.appendChild(el("div", "title", this.t("plan_title")));
    var share = p.total ? p.covered / p.total : 0;
    var pct = (share * 100).toFixed(1) + "%";
    node.appendChild(el("div", "share", this.t("plan_covered") + " " + fmt(p.covered, 1) + " / " + fmt(p.total, 1) +
                                           this.tf("parenthesised", { text: pct })));
    var has = function (key) { return p.points.some(function (q) { return key === "newly" ? q.newly : key === "covered" ? q.covered && !q.newly : !q.covered; }); };
    ["covered", "newly", "uncovered"].forEach(function (key) {
      if (!has(key)) return;
      var sw = el("span", "swatch dot");
      sw.style.background = styles[key];
      self._legendRow(node, sw, self.t("plan_point_" + key));
    });
    var statuses = p.sites.map(function (s) { return s.status; }).concat(p.removed.length ? ["removed"] : []);
    ["new", "moved", "removed"].filter(function (status) { return statuses.indexOf(status) >= 0; }).forEach(function (status) {
      var symbol = el("span", "plan-site small", status === "new" ? "+" : status === "moved" ? "⇄" : "×");
      symbol.style.background = styles[status];
      self._legendRow(node, symbol, self.t("plan_status_" + status));
    });
    if (p.sites.length && p.sites[0].radius_km) {
      this._legendRow(node, el("span", "swatch ring"), this.t("plan_reach") + " " + fmt(p.sites[0].radius_km, 0) + " " + this.t("km"));
    }
  },

  endPlan: function () {
    if (this.planLayer) this.map.removeLayer(this.planLayer);
    if (this.planBox) this.map.removeControl(this.planBox);
    this.map.getContainer().classList.remove("planning");
    this.planLayer = null;
    this.planBox = null;
    this.plan = null;
    document.documentElement.removeAttribute("data-plan");
  },

  setEditing: function (on) {
    // While the data tables are open, posts can be dragged to a new place (reported to Python).
    this.editing = !!on;
    this.map.getContainer().classList.toggle("editing", !!on);
    this._layout();  // while editing, posts sit at their own place: that is where they are dragged
  },

  setPick: function (mode) {
    // mode: "add" or "move": the next click on the map is reported as a point, not a selection.
    var self = this;
    this.pickMode = mode || null;
    this.map.getContainer().classList.toggle("picking", !!mode);
    if (this._pickHandler) this.map.off("click", this._pickHandler);
    this._pickHandler = null;
    if (!mode) return;
    this._pickHandler = function (ev) {
      if (typeof self.onMapClick === "function") self.onMapClick(self.pickMode, ev.latlng.lat, wrapLon(ev.latlng.lng));
    };
    this.map.on("click", this._pickHandler);
  }
});
