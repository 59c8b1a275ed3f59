"""The map's layout: symbols and labels never over one another, crowds grouped and expanded on a
click, symbols moved aside with a leader line, and the scenes panel's warning."""

import pytest

from mapapp.map.legibility import overlaps
from mapapp.to_page import GetDrawn
from tests.conftest import run_js


def drawn_now(qtbot, window):
    answers = []
    window.map.send(GetDrawn(), answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    return answers[0]


def view(qtbot, window, lat, lon, zoom):
    before = run_js(qtbot, window, "document.documentElement.getAttribute('data-layout')")
    run_js(qtbot, window, f"MapApp.map.setView([{lat}, {lon}], {zoom}, {{ animate: false }}) && 1")
    qtbot.waitUntil(lambda: run_js(qtbot, window, "document.documentElement.getAttribute('data-layout')") != before)


@pytest.mark.parametrize("lat, lon, zoom", [(20, 121, 1.5), (20, 121, 2.5), (10, 110, 4), (48, 10, 4.5)])
def test_nothing_drawn_overlaps_at_any_zoom(qtbot, window, lat, lon, zoom):
    view(qtbot, window, lat, lon, zoom)
    drawn = drawn_now(qtbot, window)
    assert len(drawn) > 10
    assert overlaps(drawn) == []


def test_a_crowd_becomes_groups_that_count_its_members_and_a_click_spreads_them(qtbot, window, dataset):
    view(qtbot, window, 15, 110, 1.25)
    groups = run_js(qtbot, window, """MapApp.groups.filter(g => g.family === 'symbols').map(g => ({
        ids: g.ids, parts: Array.from(g.node.querySelectorAll('.part')).map(p => p.textContent)}))""")
    assert groups, "at world view Southeast Asia's posts are too close to show one by one"
    names = {**dict(zip(dataset.posts["id"], dataset.posts["agency"])), **{i: "CUSTOMS" for i in dataset.customs_partners["id"]}}
    glyphs = run_js(qtbot, window, "MapApp.data.styles.glyphs.zh")
    for g in groups:  # each part is an agency's glyph and how many of the group are that agency's
        counts = {}
        for member in g["ids"]:
            counts[names[member]] = counts.get(names[member], 0) + 1
        shown = {}
        for part in g["parts"]:
            glyph, n = part.rsplit(" ", 1)
            shown[glyph] = shown.get(glyph, 0) + int(n)
        assert shown == {glyphs[a.lower() if a == "CUSTOMS" else a]: n for a, n in counts.items()}
    members = groups[0]["ids"]
    hidden = f"MapApp.entries.posts.concat(MapApp.entries.customs).filter(e => {members!r}.indexOf(e.props.id) >= 0 && !e.shown).length"
    assert run_js(qtbot, window, hidden) == len(members)
    run_js(qtbot, window, f"MapApp.groups.filter(g => g.ids[0] === {members[0]!r})[0].marker.fire('click') && 1")
    qtbot.waitUntil(lambda: run_js(qtbot, window, hidden) == 0, timeout=10_000)
    assert overlaps(drawn_now(qtbot, window)) == []


def test_a_moved_symbol_has_a_leader_line_from_its_place(qtbot, window):
    view(qtbot, window, 12, 105, 3)
    moved = run_js(qtbot, window, """MapApp.entries.posts.concat(MapApp.entries.customs)
        .filter(e => e.shown && e.offset).map(e => [e.latlng.lat, e.latlng.lng])""")
    assert moved, "Southeast Asia at zoom 3 has symbols that must move aside"
    starts = run_js(qtbot, window, "MapApp.leaders.getLatLngs().map(l => [l[0].lat, l[0].lng])")
    for place in moved:
        assert any(abs(place[0] - s[0]) < 1e-6 and abs(place[1] - s[1]) < 1e-6 for s in starts)


def test_while_editing_posts_stay_at_their_place(qtbot, window):
    view(qtbot, window, 12, 105, 3)
    assert run_js(qtbot, window, "MapApp.entries.posts.some(e => e.offset || !e.shown)")
    run_js(qtbot, window, "MapApp.setEditing(true) || 1")
    assert run_js(qtbot, window, "MapApp.entries.posts.filter(e => e.visible && (e.offset || !e.shown)).length") == 0
    run_js(qtbot, window, "MapApp.setEditing(false) || 1")
    assert run_js(qtbot, window, "MapApp.entries.posts.some(e => e.offset || !e.shown)")


def test_the_scenes_panel_warns_when_a_captured_view_has_overlaps(qtbot, window):
    panel = window.scene_panel
    view(qtbot, window, 12, 105, 3)
    count = len(panel.scenes)
    window.scene_editing.capture()
    qtbot.waitUntil(lambda: len(panel.scenes) == count + 1, timeout=10_000)
    drawn_now(qtbot, window)  # answered after the capture's own question: its warning is decided
    assert panel.warning.isHidden()
    run_js(qtbot, window, "MapApp.setEditing(true) || 1")  # posts at their own place: they overlap at this zoom
    count = len(panel.scenes)
    window.scene_editing.capture()
    qtbot.waitUntil(lambda: len(panel.scenes) == count + 1 and not panel.warning.isHidden(), timeout=10_000)
    assert "處標籤或符號重疊" in panel.warning.text() and "警政署 · " in panel.warning.text()


def test_many_cases_are_counted_per_cell_and_none_is_lost(qtbot, window):
    """Beyond MapApp.binAbove cases in view the layout counts them per cell (100,000 cases box by box took
    300 ms): every case in view is then drawn alone or counted in exactly one symbol. The cells come from
    the cases' places projected once at load, which must be where Leaflet puts them at any zoom."""
    run_js(qtbot, window, "(MapApp.binAbove = 0) || 1")  # the shipped 8 cases stand in for 100,000
    view(qtbot, window, 20, 121, 1.5)
    groups = run_js(qtbot, window, """MapApp.groups.filter(g => g.family === 'cases')
        .map(g => ({ ids: g.ids, count: g.node.textContent }))""")
    drawn = run_js(qtbot, window, "MapApp.bulkDrawn.cases.map(d => d.entry.props.id)")
    in_view = run_js(qtbot, window, """MapApp.entries.cases.filter(e => {
        var p = MapApp.map.latLngToContainerPoint(e.latlng), s = MapApp.map.getSize();
        return e.visible && p.x >= 0 && p.y >= 0 && p.x <= s.x && p.y <= s.y; }).map(e => e.props.id)""")
    counted = [i for g in groups for i in g["ids"]]
    assert groups and all(int(g["count"]) == len(g["ids"]) > 1 for g in groups)
    assert sorted(counted + [i for i in drawn if i in in_view]) == sorted(in_view)
    assert overlaps(drawn_now(qtbot, window)) == []
    worst = run_js(qtbot, window, """Math.max(...[0, 2.5, 6, 9].map(z => Math.max(...MapApp.entries.cases.map((e, i) => {
        var p = MapApp.map.project(e.latlng, z), s = 256 * Math.pow(2, z);
        return Math.max(Math.abs(MapApp.caseUnits[2 * i] * s - p.x), Math.abs(MapApp.caseUnits[2 * i + 1] * s - p.y)); }))))""")
    assert worst < 1e-6


def test_routes_bundle_into_corridors_at_world_view_and_part_when_one_is_clicked(qtbot, window):
    """Below the corridor zoom, routes that start and end in the same cells are one line, wider, named
    together on a hover; every shown route is in exactly one. A click zooms in until they are drawn apart."""
    view(qtbot, window, 24, 119, 2)
    corridors = run_js(qtbot, window, "MapApp.bulkDrawn.routes.map(c => ({ids: c.entries.map(e => e.props.id), width: c.width}))")
    shown = run_js(qtbot, window, "MapApp.entries.routes.filter(e => e.shown).map(e => e.props.id)")
    assert sorted(i for c in corridors for i in c["ids"]) == sorted(shown)
    bundled = [c for c in corridors if len(c["ids"]) > 1]
    assert bundled, "Fujian's and Xiamen's routes to Kinmen and Keelung share a corridor at world view"
    corridor = bundled[0]
    widest = run_js(qtbot, window, f"Math.max(...{corridor['ids']!r}.map(id => MapApp._routeWeight(MapApp._entry('routes', id).props)))")
    assert corridor["width"] > widest
    # Hovered and clicked where its line is on top: the tooltip names every route in it, the click zooms in.
    at = run_js(qtbot, window, f"""(function () {{
        var c = MapApp.bulkDrawn.routes.filter(c => c.entries[0].props.id === {corridor['ids'][0]!r})[0];
        var shift = MapApp._containerShift(), points = [].concat.apply([], c.parts);
        for (var i = 0; i < points.length; i++) {{
          var p = points[i].add(shift), hit = MapApp.bulkHit(p);
          if (hit && hit.corridor === c) {{ MapApp._bulkTip(hit, MapApp.map.containerPointToLatLng(p)); return p; }}
        }}
        return null; }})()""")
    assert at, "the corridor is on top somewhere along its line"
    tip = run_js(qtbot, window, "MapApp.bulkTip.getElement().innerText")
    titles = run_js(qtbot, window, f"{corridor['ids']!r}.map(id => MapApp._title('routes', id).textContent)")
    assert all(t in tip for t in titles)
    run_js(qtbot, window, f"""(function () {{
        var box = MapApp.map.getContainer().getBoundingClientRect(), x = box.left + {at['x']}, y = box.top + {at['y']};
        document.elementFromPoint(x, y).dispatchEvent(new MouseEvent("click", {{ bubbles: true, cancelable: true, clientX: x, clientY: y }}));
        return 1; }})()""")
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.map.getZoom()") >= 4, timeout=10_000)
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.bulkDrawn.routes.every(c => c.entries.length === 1)"), timeout=10_000)
    apart = run_js(qtbot, window, "MapApp.bulkDrawn.routes.map(c => c.entry.props.id)")
    assert len(set(apart) & set(corridor["ids"])) >= 2


def test_a_route_the_scene_points_at_is_drawn_on_its_own(qtbot, window):
    """The network scene highlights the schematic routes from Canada, the US and the Netherlands: at its
    world view each is drawn along its own line, which its highlight follows, never inside a corridor."""
    scene = next(s for s in window.scenes if sum(h.kind == "routes" for h in s.highlight) > 1)
    window.state.show_scene(window.scenes.index(scene))
    lit = sorted(h.id for h in scene.highlight if h.kind == "routes")
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.scene && MapApp.map.getZoom() < 4 && !MapApp.map._animatingZoom"),
                    timeout=10_000)
    alone = run_js(qtbot, window, "MapApp.bulkDrawn.routes.filter(c => c.entries.length === 1).map(c => c.entry.props.id)")
    assert set(lit) <= set(alone)
