"""Right dock: everything the data holds about what was clicked, with its source, as escaped text."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser

from ...data import names, related
from ...data.load import Dataset
from ...map.strings import PAGE_STRINGS
from ..strings import UI


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, (tuple, list)):
        return "、".join(map(str, value))
    return str(value)


class DetailsPanel(QTextBrowser):
    def __init__(self, ds: Dataset, parent=None):
        super().__init__(parent)
        self.ds = ds
        self.lang = "zh"
        self.current: tuple[str, str] | None = None
        self.setOpenLinks(False)
        self.clear_details()

    def clear_details(self) -> None:
        self.current = None
        self.setHtml(f"<p style='color:#555'>{escape(UI[self.lang]['details_empty'])}</p>")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self.current:
            self.show_item(*self.current)
        else:
            self.clear_details()

    def _pick(self, row: dict, base: str) -> str:
        return _fmt(row.get(f"{base}_{self.lang}") or row.get(f"{base}_zh"))

    def _table(self, title: str, subtitle: str, rows: list[tuple[str, object]]) -> str:
        cells = "".join(
            f"<tr><th align='left' valign='top' style='padding-right:8px;color:#555'>{escape(k)}</th><td>{escape(_fmt(v))}</td></tr>"
            for k, v in rows
            if _fmt(v)
        )
        return f"<h3>{escape(title)}</h3><p style='color:#555'>{escape(subtitle)}</p><table>{cells}</table>"

    def show_item(self, kind: str, key: str) -> bool:
        html = self._country(key) if kind == "country" else self._feature(kind, key)
        if html is None:
            return False
        self.current = (kind, key)
        self.setHtml(html)
        return True

    def _code(self, codes: str, code) -> str:
        return names.label(codes, code, self.lang) if code else ""

    def _feature(self, kind: str, key: str) -> str | None:
        row = related.feature(self.ds, kind, key)
        if row is None:
            return None
        t = PAGE_STRINGS[self.lang]
        country = self.ds.country_name(row.get("country") or "", self.lang)
        agencies = "、".join(self._code("agencies", a) for a in row.get("agencies") or ())
        if kind == "posts":
            return self._table(self._pick(row, "city"), self._code("agencies", row["agency"]), [
                (t["country"], country), (t["post_count"], row["posts"]),
                (t["location"], self._code("location_bases", row["location_basis"])),
                ("lat, lon", f"{row['lat']:.4f}, {row['lon']:.4f}"), (t["source"], row["source"]),
            ])
        if kind == "customs":
            return self._table(self._pick(row, "counterpart") or country, self._pick(row, "tier"), [
                (t["country"], country), (t["mechanism"], self._pick(row, "mechanism")),
                (t["location"], self._code("location_bases", row["location_basis"]) + " · " + self._pick(row, "place")),
                (t["source"], row["source"]),
            ])
        if kind == "cases":
            items = self.ds.case_drugs[self.ds.case_drugs["case_id"] == key]
            drugs = "、".join(f"{self._code('drugs', r.drug)} {_fmt(r.quantity)} {self._code('units', r.unit)}" for r in items.itertuples())
            return self._table(f"{row['date_text']} · {self._pick(row, 'place')}", agencies, [
                (t["date"], row["date_text"]), (t["place"], f"{self._pick(row, 'place')}（{country}）"),
                (t["location"], self._code("location_bases", row["location_basis"])),
                (t["partners"], self._pick(row, "partners")), (t["drugs"], drugs), (t["suspects"], row["suspects"]),
                (t["mode"], self._code("modes", row["mode"])), (t["summary"], self._pick(row, "summary")),
                (t["source"], row["source"]),
            ])
        return self._table(f"{self._pick(row, 'origin')} → {self._pick(row, 'destination')}", self._code("route_bases", row["basis"]), [
            (t["drugs"], "、".join(self._code("drugs", d) for d in row["drugs"])), (t["mode"], self._code("modes", row["mode"])),
            (t["agency"], agencies), (t["stated_quantity"], row["quantity_kg"]),
            (t["location"], self._code("location_bases", row["location_basis"])), (t["note"], row["note_zh"]),
            (t["source"], row["source"]),
        ])

    def _country(self, iso3: str) -> str | None:
        facts = related.country(self.ds, iso3)
        if facts is None:
            return None
        t, ui = PAGE_STRINGS[self.lang], UI[self.lang]
        name = facts.name_zh if self.lang == "zh" else facts.name_en
        det = facts.detention
        parts = [self._table(name, iso3, [
            (t["detained"], det and det["detained"]), (t["life"], det and det["life"]),
            (t["death"], det and det["death"]), (t["as_of"], det and det["as_of"]), (t["source"], det and det["source"]),
        ])]

        def section(title: str, lines: list[str]) -> str:
            body = "".join(f"<li>{escape(line)}</li>" for line in lines) or f"<li>{escape(ui['none'])}</li>"
            return f"<h4>{escape(title)}（{len(lines)}）</h4><ul>{body}</ul>"

        parts.append(section(ui["posts_here"], [
            f"{self._code('agencies', r['agency'])} · {self._pick(r, 'city')}" + (f" ×{r['posts']}" if r["posts"] > 1 else "")
            for r in facts.posts.to_dict("records")
        ]))
        parts.append(section(ui["cases_here"], [f"{r['date_text']} · {self._pick(r, 'summary')}" for r in facts.cases.to_dict("records")]))
        parts.append(section(ui["routes_here"], [
            f"{self._pick(r, 'origin')} → {self._pick(r, 'destination')}（{self._code('route_bases', r['basis'])}）"
            for r in facts.routes.to_dict("records")
        ]))
        parts.append(section(ui["customs_here"], [self._pick(r, "tier") for r in facts.customs.to_dict("records")]))
        return "".join(parts)
