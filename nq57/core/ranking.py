"""Standard competition ranking ("1, 2, 2, 4"): the one tie rule every ranking in NQ57 uses,
and the arithmetic every composite score shares (a share out of 100, a weighted mean)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Score = Decimal | float | int
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Placed(Generic[T]):
    """An item and its rank; `rank` is None for an item without a score (listed last)."""

    rank: int | None
    item: T


def rank_with_ties(
    items: Iterable[T],
    *,
    score: Callable[[T], Score | None],
    order: Callable[[T], Any],
) -> list[Placed[T]]:
    """Highest score first; equal scores share a rank and the next rank skips (1, 2, 2, 4).
    `order` breaks ties in the listing only (more work done, then the name, say), never in
    the rank. Items whose score is None come last, unranked, in `order`. Callers round a score
    to what the page shows before ranking, so two figures that read the same rank the same."""
    scored = [(score(item), item) for item in items]
    rated = sorted(
        ((value, item) for value, item in scored if value is not None),
        key=lambda pair: (-pair[0], order(pair[1])),
    )
    placed: list[Placed[T]] = []
    previous: Score | None = None
    for position, (value, item) in enumerate(rated, start=1):
        tied = placed and previous == value
        placed.append(Placed(placed[-1].rank if tied else position, item))
        previous = value
    unrated = sorted((item for value, item in scored if value is None), key=order)
    return placed + [Placed(None, item) for item in unrated]


def share(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100; None when there is nothing to measure."""
    return Decimal(part) * HUNDRED / Decimal(whole) if whole else None


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


def rank_by_score(
    items: Iterable[T], *, score: Callable[[T], Decimal | None], name: Callable[[T], str]
) -> list[Placed[T]]:
    """Highest score first, ties (to 0.01, as the page shows the score) sharing a rank
    (1, 2, 2, 4) listed by name; those without a score last, unranked."""

    def hundredths(item: T) -> Decimal | None:
        value = score(item)
        return None if value is None else value.quantize(Decimal("0.01"))

    return rank_with_ties(items, score=hundredths, order=name)
