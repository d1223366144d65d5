"""Shares of a whole that add up: each part's percentage to a fixed number of places, the
last unit given to the parts with the largest remainders (Hamilton's method), so that a
report's shares of 1,287 tasks read 100.0 when added, as independently rounded shares
often do not. A pure function, no database."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal


def shares_adding_up(parts: Mapping[str, int], places: int = 1) -> dict[str, Decimal]:
    """Each part's share of their sum in percent, to `places` decimals, adding up to exactly
    100 (all 0 when the sum is 0). A share is its exact value rounded down or up by less
    than one unit of the last place; ties in the remainder go to the larger part, then to the
    part listed first, so the result depends on nothing but the input."""
    if any(count < 0 for count in parts.values()):
        raise ValueError("a part cannot be negative")
    whole = sum(parts.values())
    unit = Decimal(1).scaleb(-places)
    if whole == 0:
        return {name: Decimal(0).quantize(unit) for name in parts}
    scale = 100 * 10**places  # the whole in units of the last place
    floors: dict[str, int] = {}
    remainders: dict[str, int] = {}
    for name, count in parts.items():
        floors[name], remainders[name] = divmod(count * scale, whole)
    left = scale - sum(floors.values())
    order = list(parts)
    ranked = sorted(order, key=lambda name: (-remainders[name], -parts[name], order.index(name)))
    for name in ranked[:left]:
        floors[name] += 1
    return {name: (Decimal(units) * unit).quantize(unit) for name, units in floors.items()}
