"""The as-of rule for a database's status and risk (DESIGN.md §6: the value at D is the latest
entry dated on or before D), and the summary it gives, as pure functions: plain values in, no
database and no clock. `selectors` counts the same in SQL; the tests compare the two."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .choices import DatabaseStatus, RiskLevel

SUMMARY_KEYS = ("total", *DatabaseStatus.values, "at_risk")


@dataclass(frozen=True)
class Standing:
    """One dated entry of a database's history: its status and risk from `since` on."""

    since: date
    status: str
    risk: str = RiskLevel.NORMAL


def standing_on(entries: Iterable[Standing], day: date) -> Standing | None:
    """The entry in force on `day`: the latest dated on or before it; None before the first."""
    in_force = [entry for entry in entries if entry.since <= day]
    return max(in_force, key=lambda entry: entry.since, default=None)


def is_at_risk(standing: Standing) -> bool:
    """Not formed, with a high risk of not finishing."""
    return standing.status != DatabaseStatus.FORMED and standing.risk == RiskLevel.HIGH


def summary_counts(histories: Iterable[Iterable[Standing]], day: date) -> dict[str, int]:
    """Databases with an entry on or before `day`, counted by their status then, and those at
    risk then (which the status counts overlap)."""
    counts = dict.fromkeys(SUMMARY_KEYS, 0)
    for history in histories:
        standing = standing_on(history, day)
        if standing is None:
            continue
        counts["total"] += 1
        counts[standing.status] += 1
        counts["at_risk"] += is_at_risk(standing)
    return counts
