/*
 * Time on the map (kepler.gl's playback is the reference): a slider over the cases' dates with
 * play/pause. The cases and routes shown are those dated up to the slider (their case's start date),
 * on top of the filters; at the far right, or before any use, every date. Play steps through the
 * dates from the first, one a TIME_STEP_MS, and stops at the last.
 */
var TIME_STEP_MS = 900;

Object.assign(App, {
  timeUntil: null,  // the last date shown (ISO text), or null: every date

  _timeInit: function () {
    var dates = {};
    this.entries.cases.forEach(function (e) { if (e.props.date) dates[e.props.date] = true; });
    this._timeDates = Object.keys(dates).sort();
    if (this._timeDates.length < 2) return;  // nothing to step through
    var Box = L.Control.extend({ onAdd: function () { return el("div", "mapapp-time"); } });
    this.timeBox = new Box({ position: "bottomleft" }).addTo(this.map);
    var node = this.timeBox.getContainer(), self = this;
    L.DomEvent.disableClickPropagation(node);
    this.timeButton = el("button", "time-play", "▶");
    this.timeSlider = el("input", "time-slider");
    this.timeSlider.type = "range";
    this.timeSlider.min = 0;
    this.timeSlider.max = this._timeDates.length;  // the last position: every date
    this.timeSlider.value = this._timeDates.length;
    this.timeLabel = el("span", "time-label");
    [this.timeButton, this.timeSlider, this.timeLabel].forEach(function (n) { node.appendChild(n); });
    this.timeSlider.addEventListener("input", function () {
      self.stopTime();
      var i = Number(self.timeSlider.value);
      self.setTime(i < self._timeDates.length ? self._timeDates[i] : null);
    });
    this.timeButton.addEventListener("click", function () { if (self._timeTimer) self.stopTime(); else self.playTime(); });
    this._timeText();
  },

  _inTime: function (kind, p) {
    return this.timeUntil === null || (kind !== "cases" && kind !== "routes") || !p.date || p.date <= this.timeUntil;
  },

  timeSteps: function () { return this._timeDates || []; },

  setTime: function (date) {
    // The cases and routes up to this date (null: every date), the filters kept; the page's counts back.
    this.timeUntil = date || null;
    if (this.timeSlider) {
      var i = this._timeDates.indexOf(this.timeUntil);
      this.timeSlider.value = i < 0 ? this._timeDates.length : i;
      this._timeText();
    }
    document.documentElement.setAttribute("data-time", this.timeUntil || "");
    return this.applyFilter(this.filterSpec);
  },

  playTime: function (stepMs) {
    // From the first date (or on from the one shown), a date a step, stopping at the last.
    var self = this, dates = this._timeDates || [], i = dates.indexOf(this.timeUntil);
    if (!dates.length) return false;
    this.stopTime();
    var step = function () {
      i += 1;
      self.setTime(dates[i]);
      if (i >= dates.length - 1) self.stopTime();
    };
    step();
    if (this._timeDates.length > 1 && i < dates.length - 1) this._timeTimer = setInterval(step, stepMs || TIME_STEP_MS);
    if (this.timeButton) this.timeButton.textContent = this._timeTimer ? "❚❚" : "▶";
    return true;
  },

  stopTime: function () {
    if (this._timeTimer) clearInterval(this._timeTimer);
    this._timeTimer = null;
    if (this.timeButton) this.timeButton.textContent = "▶";
  },

  _timeText: function () {
    if (this.timeLabel) this.timeLabel.textContent = this.timeUntil ? this.tf("time_until", { date: this.timeUntil }) : this.t("time_all");
  }
});
