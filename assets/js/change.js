/*
 * The change between two detention snapshots (data/snapshots.py): countries coloured on a diverging
 * scale, red where more nationals are detained than before, blue where fewer; each count label reads
 * the change (+4, −3, ±0), and the legend says which two dates are compared and lists the posts
 * that opened (+) or closed (−) between them.
 */
var CHANGE_UP = ["#fcbba1", "#fb6a4a", "#cb181d"];    // +1..5, +6..20, more
var CHANGE_DOWN = ["#c6dbef", "#6baed6", "#2171b5"];  // the same steps, fewer
var CHANGE_SAME = "#eeeeee";
var CHANGE_STEPS = [5, 20];

Object.assign(App, {
  showChange: function (m) {
    this.change = m && m.countries ? m : null;
    this._styleCountries();
    this._relabelDetentions();
    this._refreshControls();
    this._layout();
    document.documentElement.setAttribute("data-change", this.change ? m.old + ":" + m.new : "");
    return this.change ? Object.keys(m.countries).length : 0;
  },

  _changeColour: function (delta) {
    if (!delta) return CHANGE_SAME;
    var size = Math.abs(delta), i = size <= CHANGE_STEPS[0] ? 0 : size <= CHANGE_STEPS[1] ? 1 : 2;
    return (delta > 0 ? CHANGE_UP : CHANGE_DOWN)[i];
  },

  _changeText: function (delta) { return delta > 0 ? "+" + fmt(delta) : delta < 0 ? "−" + fmt(-delta) : "±0"; },

  _relabelDetentions: function () {
    // The count labels read the change while one is shown, the figures otherwise.
    var self = this;
    this.entries.detentions.forEach(function (e) {
      e.layer.setIcon(L.divIcon({ className: "detention-label-icon", html: self._detentionNode(e.props), iconSize: null }));
    });
  },

  _changeLegend: function (node) {
    var self = this;
    node.appendChild(el("div", "section", this.tf("change_legend", { old: this.change.old, "new": this.change.new })));
    [[10, "change_more"], [0, "change_same"], [-10, "change_fewer"]].forEach(function (row) {
      var sw = el("span", "swatch box");
      sw.style.background = self._changeColour(row[0]);
      self._legendRow(node, sw, self.t(row[1]));
    });
    var posts = this.change.posts || { opened: [], closed: [] };
    if (!posts.opened.length && !posts.closed.length) return;
    node.appendChild(el("div", "section", this.t("change_posts")));
    [["opened", "+"], ["closed", "−"]].forEach(function (what) {
      posts[what[0]].forEach(function (p) {
        var sign = el("span", "swatch change-sign change-" + what[0], what[1]);
        self._legendRow(node, sign, self.tf("change_post", {
          agency: self.code("agencies_short", p.agency), city: self.lang === "en" ? p.city_en : p.city_zh,
          posts: p.posts, date: p.date }));
      });
    });
  }
});
