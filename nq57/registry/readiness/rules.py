"""The readiness score's arithmetic, as plain functions over counts (no database)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from nq57.core.ranking import composite, share

# In the order the page shows them.
COMPONENTS = ("formed", "quality", "connected", "on_time", "granted", "not_overruled")


@dataclass(frozen=True)
class ReadinessCounts:
    """What one organisation's readiness is computed from, as of a day: its databases (those
    with a status by then), their official quality scores, and the sharing requests it was
    sent."""

    databases: int = 0
    formed: int = 0
    connected: int = 0
    assessed: int = 0  # databases with an official quality score
    quality_total: Decimal = Decimal(0)  # ... their scores added up
    due: int = 0  # requests whose answer had fallen due
    on_time: int = 0  # ... of which answered by their due date
    answered: int = 0  # requests answered (granted or refused)
    granted: int = 0  # ... of which granted at once
    refused: int = 0  # ... of which refused
    overruled: int = 0  # refusals the competent authority overruled


def components(counts: ReadinessCounts) -> dict[str, Decimal | None]:
    """Each component a share from 0 to 100, None where there is nothing to measure."""
    return {
        "formed": share(counts.formed, counts.databases),
        "quality": counts.quality_total / counts.assessed if counts.assessed else None,
        "connected": share(counts.connected, counts.databases),
        "on_time": share(counts.on_time, counts.due),
        "granted": share(counts.granted, counts.answered),
        # A refusal overruled is one that should not have been made.
        "not_overruled": share(counts.refused - counts.overruled, counts.refused),
    }


def readiness_score(counts: ReadinessCounts, weights: Mapping[str, int]) -> Decimal | None:
    """The weighted mean of the components the organisation has; None with none (unranked)."""
    return composite(components(counts), weights)
