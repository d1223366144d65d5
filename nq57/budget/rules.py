"""The ledger's arithmetic as plain functions (no database): an amount as people type it,
the amounts in force on a day, and the figures they add up to."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nq57.core.exchange import CellError
from nq57.core.ranking import share

from .choices import IN_FORCE_STAGES, Stage

# Whole million VND as people type them: plain digits, or groups of three after one to three
# digits, the groups separated all alike by '.', ',' or a space ('1.234.567', '1,234,567',
# '1 234 567'; '9.149' is 9149: an amount in million VND has no decimals).
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?P<mark>[., ])[0-9]{3}(?:(?P=mark)[0-9]{3})*")
# A spreadsheet's exact-integer range of a float cell.
_FLOAT_EXACT = 2**53


def parse_amount(value: Any) -> int:
    """A whole amount in million VND, 0 or more; CellError naming the value otherwise."""
    if isinstance(value, bool):
        raise CellError(_("'%(value)s' is not an amount") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        exact = Decimal(value)  # a float cell's exact value
        if (
            not exact.is_finite()
            or exact != exact.to_integral_value()
            or abs(exact) >= _FLOAT_EXACT
        ):
            raise CellError(
                _("'%(value)s' is not a whole amount in million VND") % {"value": value}
            )
        number = int(exact)
    else:
        text = str(value or "").strip().replace("\u00a0", " ").replace("\u202f", " ")
        if not text:
            raise CellError(_("this column is required"))
        if _PLAIN.fullmatch(text) or _GROUPED.fullmatch(text):
            number = int(re.sub(r"[., ]", "", text))
        elif text.startswith("-"):
            raise CellError(_("an amount cannot be negative ('%(value)s')") % {"value": text})
        else:
            raise CellError(
                _(
                    "'%(value)s' is not a whole amount in million VND (write it as 1234567, "
                    "1.234.567 or 1,234,567)"
                )
                % {"value": text}
            )
    if number < 0:
        raise CellError(_("an amount cannot be negative ('%(value)s')") % {"value": value})
    return number


@dataclass(frozen=True)
class Line:
    """An entry as the rules see it: what it is about (`key`: year, organisation,
    programme…), its stage, amount and day, and `order`, the order it was recorded in (a
    later entry of the same day revises an earlier one)."""

    key: Hashable
    stage: str
    amount: int
    dated: date
    order: int = 0


def in_force(lines: Iterable[Line], as_of: date) -> dict[tuple[Hashable, str], Line]:
    """(key, stage) → the entry in force on `as_of` of each proposal and approval: the latest
    dated on or before it (the last recorded of that day)."""
    found: dict[tuple[Hashable, str], Line] = {}
    for line in lines:
        if line.stage not in IN_FORCE_STAGES or line.dated > as_of:
            continue
        current = found.get((line.key, line.stage))
        if current is None or (line.dated, line.order) > (current.dated, current.order):
            found[(line.key, line.stage)] = line
    return found


@dataclass(frozen=True)
class Figures:
    """Money of some entries on a day, in million VND."""

    proposed: int = 0
    approved: int = 0
    disbursed: int = 0

    @property
    def unallocated(self) -> int:
        """Proposed but not approved (negative when more was approved than proposed)."""
        return self.proposed - self.approved

    @property
    def disbursement_rate(self) -> Decimal | None:
        """Disbursed as a share of approved (0–100, or more), None with nothing approved."""
        return share(self.disbursed, self.approved)

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.proposed + other.proposed,
            self.approved + other.approved,
            self.disbursed + other.disbursed,
        )


def figures(lines: Iterable[Line], as_of: date) -> dict[Hashable, Figures]:
    """key → its figures on `as_of`: the proposal and approval in force, and every
    disbursement dated on or before it, added up."""
    lines = list(lines)
    found: dict[Hashable, Figures] = {}
    for (key, stage), line in in_force(lines, as_of).items():
        add = (
            Figures(proposed=line.amount)
            if stage == Stage.PROPOSED
            else Figures(approved=line.amount)
        )
        found[key] = found.get(key, Figures()) + add
    for line in lines:
        if line.stage == Stage.DISBURSED and line.dated <= as_of:
            found[line.key] = found.get(line.key, Figures()) + Figures(disbursed=line.amount)
    return found


def total(found: Iterable[Figures]) -> Figures:
    return sum(found, Figures())


@dataclass(frozen=True)
class AlertThresholds:
    """When money moves but work doesn't: more than `disbursed_share` % of the approved
    amount disbursed while the linked tasks' mean progress is under `progress_under` %."""

    disbursed_share: int = 50
    progress_under: int = 25


def mean_progress(progress: Iterable[int]) -> Decimal | None:
    """The linked tasks' mean progress (0–100); None without a linked task."""
    values = list(progress)
    return Decimal(sum(values)) / len(values) if values else None


def money_outruns_work(
    money: Figures, progress: Decimal | None, thresholds: AlertThresholds
) -> bool:
    """The alert: something approved, more than the threshold's share of it disbursed, and
    linked tasks whose mean progress is under the threshold. Without a linked task there is
    nothing to compare, so no alert (the page lists such money apart)."""
    if progress is None or money.approved <= 0:
        return False
    # Integer comparison of disbursed/approved > share/100, without rounding.
    return money.disbursed * 100 > thresholds.disbursed_share * money.approved and (
        progress < thresholds.progress_under
    )
