/*
 * Posts and customs partners on the bulk canvas (bulk.js) as sprites. Each look (kind, agency, count
 * badge, theme, language) is built once as the legend's DOM symbol (assets/css/mapapp.css .post-icon,
 * .customs-icon, .badge), measured and read from its computed style, drawn to a small canvas, and then
 * stamped wherever a symbol of that look stands. The CSS stays the one source of how a symbol looks;
 * 3,800 posts as DOM markers made every zoom step move 3,800 elements, stamped they are one pass.
 */
var SYMBOL_ANCHORS = {  // CSS px from the icon's top left corner to its place
  NPA: [25, 24],        // left of the city, so that two agencies in one capital both show
  MJIB: [-3, 24],       // right of it
  customs: [9, -4]      // below it
};
var SPRITE_MARGIN = 5;  // px around a sprite for its shadow
var DOT_RADIUS = 2.5;   // px: the dot that marks a symbol's own place
var SHADOW = /^(rgba?\([^)]*\)) (-?[\d.]+)px (-?[\d.]+)px ([\d.]+)px/;  // a computed box-shadow's first shadow

Object.assign(App, {
  _symbolNode: function (kind, p) {
    if (kind === "customs") return this._symbol("customs-icon", this.data.styles.tiers[p.tier], this.glyph("customs"), null);
    return this._symbol("post-icon post-" + p.agency, this.data.styles.agencies[p.agency], this.glyph(p.agency),
                        p.posts > 1 ? String(p.posts) : null);
  },

  _sprite: function (kind, e) {
    // {canvas, box, at, ratio}: the box (CSS px, relative to the place) is what the layout keeps clear
    // and the hit test answers to; the canvas is stamped at the place plus `at`. Kept on the entry
    // until the theme or language changes: a layout asks for thousands.
    var style = this.theme + "|" + this.lang, p = e.props;
    if (e.spriteStyle === style) return e.sprite;
    var key = [kind, kind === "posts" ? p.agency : p.tier, kind === "posts" && p.posts > 1 ? p.posts : "", style].join("|");
    var cache = this._sprites || (this._sprites = {});
    e.spriteStyle = style;
    return (e.sprite = cache[key] || (cache[key] = this._drawSprite(kind, p)));
  },

  _drawSprite: function (kind, p) {
    var wrap = el("div", "symbol-icon"), node = this._symbolNode(kind, p), anchor = SYMBOL_ANCHORS[kind === "posts" ? p.agency : "customs"];
    wrap.appendChild(node);
    this.measurer.appendChild(wrap);
    var origin = wrap.getBoundingClientRect(), badge = node.querySelector(".badge");
    var place = function (r) {  // a drawn rectangle relative to the symbol's place
      return [r.left - origin.left - anchor[0], r.top - origin.top - anchor[1], r.right - origin.left - anchor[0], r.bottom - origin.top - anchor[1]];
    };
    var icon = place(node.getBoundingClientRect()), scale = (icon[2] - icon[0]) / node.offsetWidth;  // the projector's scale(1.4)
    var parts = [this._spritePart(icon, getComputedStyle(node), scale, node.firstChild.textContent)];
    if (badge) parts.push(this._spritePart(place(badge.getBoundingClientRect()), getComputedStyle(badge), scale, badge.textContent));
    this.measurer.textContent = "";
    var box = parts.reduce(function (b, part) { return unionBox(b, part.box); }, icon);
    var ratio = window.devicePixelRatio || 1, at = [Math.floor(box[0]) - SPRITE_MARGIN, Math.floor(box[1]) - SPRITE_MARGIN];
    var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d");
    canvas.width = Math.ceil(ratio * (box[2] - at[0] + SPRITE_MARGIN));
    canvas.height = Math.ceil(ratio * (box[3] - at[1] + SPRITE_MARGIN));
    ctx.setTransform(ratio, 0, 0, ratio, -ratio * at[0], -ratio * at[1]);
    parts.forEach(function (part) { this._drawSpritePart(ctx, part, ratio); }, this);
    return { canvas: canvas, box: box, at: at, ratio: ratio };
  },

  _spritePart: function (box, style, scale, label) {
    // What the canvas needs of a drawn box's computed style, at its drawn scale.
    var w = box[2] - box[0], radius = style.borderTopLeftRadius;
    var shadow = SHADOW.exec(style.boxShadow);
    return {
      box: box, label: label, fill: style.backgroundColor, colour: style.color,
      border: scale * parseFloat(style.borderTopWidth), borderColour: style.borderTopColor,
      radius: Math.min(w / 2, radius.slice(-1) === "%" ? w * parseFloat(radius) / 100 : scale * parseFloat(radius)),
      font: style.fontWeight + " " + scale * parseFloat(style.fontSize) + "px " + style.fontFamily,
      shadow: shadow ? { colour: shadow[1], x: scale * parseFloat(shadow[2]), y: scale * parseFloat(shadow[3]), blur: scale * parseFloat(shadow[4]) } : null
    };
  },

  _drawSpritePart: function (ctx, part, ratio) {
    // A filled rounded box (its shadow under it), its border inside it (box-sizing: border-box), its text in the middle.
    var b = part.box, line = part.border;
    ctx.save();
    if (part.shadow) {  // a canvas shadow ignores the transform: in device pixels
      ctx.shadowColor = part.shadow.colour;
      ctx.shadowBlur = ratio * part.shadow.blur;
      ctx.shadowOffsetX = ratio * part.shadow.x;
      ctx.shadowOffsetY = ratio * part.shadow.y;
    }
    ctx.fillStyle = part.fill;
    ctx.beginPath();
    ctx.roundRect(b[0], b[1], b[2] - b[0], b[3] - b[1], part.radius);
    ctx.fill();
    ctx.restore();
    if (line > 0) {
      ctx.strokeStyle = part.borderColour;
      ctx.lineWidth = line;
      ctx.beginPath();
      ctx.roundRect(b[0] + line / 2, b[1] + line / 2, b[2] - b[0] - line, b[3] - b[1] - line, Math.max(0, part.radius - line / 2));
      ctx.stroke();
    }
    ctx.fillStyle = part.colour;
    ctx.font = part.font;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(part.label, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2 + 0.5);
  },

  _drawSymbols: function (ctx, view, zoom, drawn) {
    // The shown posts and partners over the routes and cases: a dot at each one's place, its sprite at
    // the place or where the layout moved it (a leader line joins the two).
    var self = this, stamps = [];
    ["customs", "posts"].forEach(function (kind) {
      self.entries[kind].forEach(function (e) {
        if (!e.shown) return;
        var place = self._projected(e, zoom), sprite = self._sprite(kind, e);
        var p = e.offset ? place.add(e.offset) : place, box = shiftBox(sprite.box, p.x, p.y);
        if (box[2] < view.min.x || box[0] > view.max.x || box[3] < view.min.y || box[1] > view.max.y) return;
        stamps.push({ kind: kind, entry: e, place: place, at: p, sprite: sprite, box: box });
      });
    });
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#333";
    ctx.fillStyle = "#fff";
    ctx.beginPath();
    stamps.forEach(function (s) {
      ctx.moveTo(s.place.x + DOT_RADIUS, s.place.y);
      ctx.arc(s.place.x, s.place.y, DOT_RADIUS, 0, 2 * Math.PI);
    });
    ctx.fill();
    ctx.stroke();
    stamps.forEach(function (s) {
      var sp = s.sprite;
      ctx.drawImage(sp.canvas, s.at.x + sp.at[0], s.at.y + sp.at[1], sp.canvas.width / sp.ratio, sp.canvas.height / sp.ratio);
      drawn.symbols.push({ kind: s.kind, entry: s.entry, box: s.box });
    });
  }
});
