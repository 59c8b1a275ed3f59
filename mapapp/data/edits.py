"""Edits that touch more than one table, as pure functions from tables to tables."""

from __future__ import annotations

import pandas as pd

from .issues import Issue
from .tables import cell_text
from .validate import BRIEF

EDITED = "edited in mapapp (was "


def mark_edited(source: str) -> str:
    """A figure changed by hand is no longer the briefing's: its provenance says so."""
    return f"{EDITED}{source})" if str(source).startswith(BRIEF) else str(source)


def move_post(frames: dict[str, pd.DataFrame], post_id: str, lat: float, lon: float, country: str | None,
              source: str) -> tuple[dict[str, pd.DataFrame] | None, Issue | None]:
    """The post stands at a new point: a place of its own (other posts at its old city stay)."""
    if country is None:
        return None, Issue("posts.csv", 0, "place", f"({lat:.4f}, {lon:.4f}) is in no country; a post stands on land")
    posts, places = frames["posts"].copy(), frames["places"].copy()
    row = posts.index[posts["id"] == post_id]
    if len(row) == 0:
        return None, Issue("posts.csv", 0, "id", f"no post {post_id!r}")
    i = row[0]
    old_place, own = posts.at[i, "place"], f"{post_id}-site"
    if old_place == own:  # moved before: its own place moves again
        j = places.index[places["id"] == own][0]
        places.loc[j, ["lat", "lon", "country"]] = [round(lat, 4), round(lon, 4), country]
    else:  # a place of its own, named after the city it left
        old = places[places["id"] == old_place].iloc[0]
        new = {"id": own, "name_zh": f"{cell_text(old['name_zh'])}（移動）", "name_en": f"{cell_text(old['name_en'])} (moved)",
               "country": country, "kind": "city", "geonameid": pd.NA, "lat": round(lat, 4), "lon": round(lon, 4),
               "source": source}
        places = pd.concat([places, pd.DataFrame([new])], ignore_index=True)
        posts.at[i, "place"] = own
    posts.at[i, "location_basis"] = "stated"
    posts.at[i, "source"] = mark_edited(posts.at[i, "source"])
    return {**frames, "posts": posts, "places": places}, None
