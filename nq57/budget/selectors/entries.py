"""The entries behind a figure: a year's proposals and approvals in force on a day, or its
disbursements by then, narrowed to a group, an organisation or a programme; what they add up
to; and the years the ledger holds. Whatever a page shows as a figure is read back here as a
list, and the tests hold the two equal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Min, Q, QuerySet, Sum

from nq57.orgs.models import Organization

from ..choices import Stage
from ..models import Entry, Programme
from .figures import entries_in_force

# What a list can be asked for: a figure of the pages, or every entry that counts on the day
# (the proposals and approvals in force and the disbursements by then).
FIGURES = ("all", "proposed", "approved", "unallocated", "disbursed")
# The stages in force each figure lists (unallocated is proposed less approved: both).
_IN_FORCE: dict[str, tuple[str, ...]] = {
    "all": (Stage.PROPOSED, Stage.APPROVED),
    "proposed": (Stage.PROPOSED,),
    "approved": (Stage.APPROVED,),
    "unallocated": (Stage.PROPOSED, Stage.APPROVED),
    "disbursed": (),
}
_WITH_DISBURSEMENTS = frozenset({"all", "disbursed"})


@dataclass(frozen=True)
class EntryFilters:
    """Which entries a list shows: those of `figure` for `year` as of `as_of`, of a group
    (central, local), an organisation (itself, not the bodies under it: the figures are by
    the organisation an entry names) and a programme, each optional."""

    year: int
    as_of: date
    figure: str = "all"
    group: str = ""
    organization: Organization | None = None
    programme: Programme | None = None

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string that names these filters (and `changes`), empty values left out."""
        values: dict[str, Any] = {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "figure": "" if self.figure == "all" else self.figure,
            "group": self.group,
            "org": self.organization.code if self.organization else "",
            "programme": self.programme.code if self.programme else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "")}


def entries_filtered(filters: EntryFilters) -> QuerySet[Entry]:
    """The entries a figure counts, with their organisation and programme, central bodies
    first, then by organisation, programme, stage and day."""
    condition = Q(pk__in=[])
    stages = _IN_FORCE[filters.figure]
    if stages:
        in_force = entries_in_force(filters.year, filters.as_of).filter(stage__in=stages)
        condition |= Q(pk__in=in_force.values("pk"))
    if filters.figure in _WITH_DISBURSEMENTS:
        condition |= Q(year=filters.year, stage=Stage.DISBURSED, dated__lte=filters.as_of)
    entries = Entry.objects.filter(condition)
    if filters.group:
        entries = entries.filter(organization__group=filters.group)
    if filters.organization is not None:
        entries = entries.filter(organization=filters.organization)
    if filters.programme is not None:
        entries = entries.filter(programme=filters.programme)
    return entries.select_related("organization", "programme", "recorded_by").order_by(
        "organization__group", "organization__code", "programme__code", "stage", "dated", "pk"
    )


@dataclass(frozen=True)
class EntryTotals:
    """What a list of entries adds up to, in million VND, and how many organisations hold an
    amount above 0 in it (the bodies a group's proposal counts)."""

    count: int = 0
    proposed: int = 0
    approved: int = 0
    disbursed: int = 0
    bodies: int = 0

    @property
    def unallocated(self) -> int:
        return self.proposed - self.approved

    def of(self, figure: str) -> int | None:
        """The list's figure: what the page it came from shows (None for every entry)."""
        return None if figure == "all" else int(getattr(self, figure))


def entry_totals(entries: QuerySet[Entry]) -> EntryTotals:
    """`entries` added up by stage, in one query."""
    found = entries.order_by().aggregate(
        count=Count("pk"),
        proposed=Sum("amount", filter=Q(stage=Stage.PROPOSED)),
        approved=Sum("amount", filter=Q(stage=Stage.APPROVED)),
        disbursed=Sum("amount", filter=Q(stage=Stage.DISBURSED)),
        bodies=Count("organization", distinct=True, filter=Q(amount__gt=0)),
    )
    return EntryTotals(**{key: int(value or 0) for key, value in found.items()})


@dataclass(frozen=True)
class BudgetYears:
    """The years the ledger holds, latest first, and the one a page opens on for a day."""

    years: list[int]
    default: int


def budget_years(as_of: date) -> BudgetYears:
    """The years with entries and, as of `as_of`, the latest of them with an entry dated by
    then (else the latest of all; with none, the day's year): one query."""
    rows = list(
        Entry.objects.order_by()
        .values("year")
        .annotate(first=Min("dated"))
        .order_by("-year")
        .values_list("year", "first")
    )
    years = [year for year, _ in rows]
    begun = [year for year, first in rows if first <= as_of]
    return BudgetYears(years, (begun or years or [as_of.year])[0])
