"""The judgement of a commitment as plain functions (no database, no clock): whether each
thing it is linked to was met as of its date, and what the commitment came to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from nq57.registry.choices import DatabaseStatus

from .choices import LinkKind, Outcome

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")

# A database promised "deploying" is met once it deploys or is formed.
_STATUS_RANK = {
    DatabaseStatus.NOT_STARTED: 0,
    DatabaseStatus.DEPLOYING: 1,
    DatabaseStatus.FORMED: 2,
}


@dataclass(frozen=True)
class LinkFinding:
    """One linked thing as found at the commitment's date: what was promised, what was
    found, and whether that meets the promise."""

    kind: LinkKind
    label: str
    promised: str
    found: str
    is_met: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "label": self.label,
            "promised": self.promised,
            "found": self.found,
            "is_met": self.is_met,
        }


@dataclass(frozen=True)
class Verdict:
    """What a commitment came to: the outcome and the share of its links met (one decimal)."""

    outcome: Outcome
    share: Decimal
    met: int
    total: int


def judge(findings: Sequence[LinkFinding]) -> Verdict:
    """Kept when every link is met, broken when none is, partly kept otherwise, with the share
    met rounded half up to one decimal. A commitment measured by nothing cannot be judged."""
    total = len(findings)
    if total == 0:
        raise ValueError("a commitment with no links cannot be judged")
    met = sum(1 for finding in findings if finding.is_met)
    share = (Decimal(met) * HUNDRED / Decimal(total)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    if met == total:
        outcome = Outcome.KEPT
    elif met == 0:
        outcome = Outcome.BROKEN
    else:
        outcome = Outcome.PARTLY
    return Verdict(outcome, share, met, total)


def reaches(value: Decimal | None, target: Decimal, *, higher_is_better: bool) -> bool:
    """An indicator's value meets a promised value in its direction; no value meets nothing."""
    if value is None:
        return False
    return value >= target if higher_is_better else value <= target


def status_reaches(found: str | None, promised: str) -> bool:
    """A database's status as of the day is the promised one or further along."""
    if found is None:
        return False
    return _STATUS_RANK[DatabaseStatus(found)] >= _STATUS_RANK[DatabaseStatus(promised)]


def share_reaches(disbursed: int, approved: int, promised: Decimal) -> bool:
    """The money disbursed is at least the promised share of the money approved; nothing
    approved is a promise that cannot be met."""
    if approved <= 0:
        return False
    return Decimal(disbursed) * HUNDRED >= promised * Decimal(approved)
