"""The application state, without Qt: events on real changes only, and what a new page is told."""

from mapapp.data.filtering import Filter
from mapapp.state import AppState
from mapapp.to_page import Select


def test_an_event_fires_only_when_a_value_really_changes():
    state, seen = AppState(), []
    state.events.filter.connect(lambda f: seen.append(("filter", f)))
    state.events.pick.connect(lambda m: seen.append(("pick", m)))
    state.filter = Filter()  # equal to the one it has: no event, so a view writing back cannot loop
    state.filter = Filter(agencies=frozenset({"NPA"}))
    state.filter = Filter(agencies=frozenset({"NPA"}))
    state.pick = "add"
    state.pick = "add"
    state.pick = None
    assert seen == [("filter", Filter(agencies=frozenset({"NPA"}))), ("pick", "add"), ("pick", None)]


def test_a_new_page_is_told_the_whole_state_in_order():
    assert AppState().page_commands(None) == []  # the page is built with the filter and language
    npa = Filter(agencies=frozenset({"NPA"}))
    state = AppState(filter=npa, theme="projector", scene=2, selection=("posts", "npa-tha"),
                     plan_overlay={"points": []}, pick="move", editing=True)
    commands = state.page_commands({"id": "npa-posts", "filter": Filter().to_json(), "animate": True})
    assert [c.TYPE for c in commands] == ["theme", "editing", "scene", "plan", "pick"]
    scene = commands[2].scene
    assert scene["filter"] == npa.to_json() and scene["animate"] is False  # the filter as asked now, no flight
    state.scene = None
    assert Select("posts", "npa-tha", fly=False) in state.page_commands(None)  # the view stays where it is


def test_showing_the_scene_shown_again_is_an_event_and_other_fields_only_change_once():
    from mapapp.state import PlanChoice

    state = AppState()
    scenes, choices = [], []
    state.events.scene.connect(lambda new, old: scenes.append((new, old)))
    state.events.plan_choice.connect(choices.append)
    state.show_scene(1)
    state.show_scene(1)  # after a question: the scene is put back, its filter and view with it
    state.scene = None
    assert scenes == [(1, None), (1, 1), (None, 1)]
    state.plan_choice = PlanChoice(k=3)
    state.plan_choice = PlanChoice(k=3)
    assert choices == [PlanChoice(k=3)]
