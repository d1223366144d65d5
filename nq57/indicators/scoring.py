"""The composite ranking's arithmetic, as plain functions: each component a share from 0 to
100, the score their weighted mean over the components an organisation has."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .choices import Direction

HUNDRED = Decimal(100)
COMPONENTS = ("on_time", "kpi", "reporting", "freshness")


def share(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100; None when there is nothing to measure."""
    return Decimal(part) * HUNDRED / Decimal(whole) if whole else None


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


def mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def composite(
    components: Mapping[str, Decimal | None], weights: Mapping[str, int]
) -> Decimal | None:
    """The weighted mean of the components present: Σ wᵢ·cᵢ ÷ Σ wᵢ over the components with a
    value and a weight; None when there is none."""
    present = [
        (weights.get(name, 0), value)
        for name, value in components.items()
        if value is not None and weights.get(name, 0) > 0
    ]
    total_weight = sum(weight for weight, _ in present)
    if not total_weight:
        return None
    return sum((Decimal(weight) * value for weight, value in present), Decimal(0)) / total_weight
