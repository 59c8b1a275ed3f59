"""Which labels and symbols on the map overlap, as the audience would see them.

The boxes come from the page (to_page.GetDrawn); this is the rule that says when two of them
collide, kept apart from Qt so it is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

TOLERANCE_PX = 1.0  # antialiased edges may touch: boxes must share more than this in both directions


@dataclass(frozen=True)
class Overlap:
    a: tuple[str, str]  # (kind, key)
    b: tuple[str, str]
    width: float
    height: float


def overlaps(drawn, tolerance: float = TOLERANCE_PX) -> list[Overlap]:
    """Every pair of drawn things whose boxes overlap by more than `tolerance` pixels both ways.

    Sorted by left edge and swept, so 100,000 symbols are not compared pair by pair.
    """
    items = sorted(drawn, key=lambda d: d.box[0])
    out: list[Overlap] = []
    active: list = []
    for d in items:
        left, top, right, bottom = d.box
        active = [a for a in active if a.box[2] - left > tolerance]
        for a in active:
            w = min(right, a.box[2]) - max(left, a.box[0])
            h = min(bottom, a.box[3]) - max(top, a.box[1])
            if w > tolerance and h > tolerance:
                out.append(Overlap((a.kind, a.key), (d.kind, d.key), round(w, 1), round(h, 1)))
        active.append(d)
    return out
