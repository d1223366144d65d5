"""The composite ranking's arithmetic, as plain functions: each component a share from 0 to
100, the score their weighted mean over the components an organisation has."""

from __future__ import annotations

from decimal import Decimal

from nq57.core.ranking import HUNDRED, composite, mean, share

from .choices import Direction

COMPONENTS = ("on_time", "kpi", "reporting", "freshness")


def attainment(value: Decimal, target: Decimal, direction: Direction) -> Decimal:
    """How much of its target an indicator reached, from 0 to 100: value ÷ target when higher
    is better, target ÷ value when lower is; 100 once the target is reached."""
    if direction == Direction.HIGHER:
        if target <= 0 or value >= target:
            return HUNDRED
        return max(value, Decimal(0)) * HUNDRED / target
    if value <= target:
        return HUNDRED
    return target * HUNDRED / value if value > 0 else HUNDRED


__all__ = ["COMPONENTS", "attainment", "composite", "mean", "share"]
