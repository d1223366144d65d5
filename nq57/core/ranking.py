"""Standard competition ranking ("1, 2, 2, 4"): the one tie rule every ranking in NQ57 uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Score = Decimal | float | int


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
