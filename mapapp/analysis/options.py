"""What a caller can choose and what can go wrong, without loading the numeric stack.

The command line and the window read these at start; numpy, pyproj and PuLP load only
when a plan is actually computed.
"""

from __future__ import annotations

DEFAULT_RADIUS_KM = 1000.0
METHODS = ("ilp", "exhaustive")


class PlannerError(ValueError):
    pass


class WeightError(ValueError):
    pass
