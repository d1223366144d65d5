"""Every read of investment dossiers a page or an export uses: the dossiers as they stood on a
day, filtered; their figures by state (dossiers, databases, owners, amount), each with the
list of exactly what it counts; the same by owner; one database's dossiers as of a day; one
dossier with its steps and timeline. Every official reads the same dossiers, as the same
registry, so nothing here depends on who looks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse

from nq57.core.audit import history_of
from nq57.core.models import AuditEvent
from nq57.core.paging import CountedPaginator, PageRequest, page_of
from nq57.orgs.models import Organization

from ..choices import DossierState
from ..models import Database, DatabaseList, DossierDecision, InvestmentDossier
from .rules import AWAITING_APPRAISAL, Step, step_on

# The figures' groups of states, in the order the pages show them: every dossier registered
# by the day, those awaiting the appraiser's decision, returned, approved.
GROUPS: dict[str, tuple[str, ...]] = {
    "all": (),
    "awaiting": tuple(s for s in DossierState.values if s in AWAITING_APPRAISAL),
    "returned": (DossierState.RETURNED,),
    "approved": (DossierState.APPROVED,),
}
MEASURES = ("dossiers", "databases", "owners", "amount")


@dataclass(frozen=True)
class DossierFilters:
    """What the dossier list shows: the dossiers registered by `as_of`, by their state then
    (none: every state), of the databases of a list, an owner, words of their code or name."""

    as_of: date
    states: tuple[str, ...] = ()
    database_list: DatabaseList | None = None
    owner: Organization | None = None
    q: str = ""

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string that names these filters (and `changes`), empty values left out."""
        values: dict[str, Any] = {
            "as_of": self.as_of.isoformat(),
            "state": list(self.states),
            "list": self.database_list.code if self.database_list else "",
            "owner": self.owner.code if self.owner else "",
            "q": self.q,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "", [], ())}


def appraising_body() -> Organization | None:
    """The body dossiers are registered with today (NQ57_DOSSIER_APPRAISER), if it exists."""
    return Organization.objects.filter(code=settings.NQ57_DOSSIER_APPRAISER).first()


def dossier_list_url(params: dict[str, Any]) -> str:
    """The dossier list filtered by `params` (empty values left out)."""
    kept = {key: value for key, value in params.items() if value not in (None, "", [], ())}
    return f"{reverse('registry:dossiers')}?{urlencode(kept, doseq=True)}"


def step_in_force(day: date, field: str) -> Subquery:
    """`field` of the dossier's step in force on `day`: the latest dated on or before it,
    the last of that day."""
    latest = DossierDecision.objects.filter(dossier=OuterRef("pk"), dated__lte=day).order_by(
        "-dated", "-step"
    )
    return Subquery(latest.values(field)[:1])


def dossiers_as_of(filters: DossierFilters) -> QuerySet[InvestmentDossier]:
    """The dossiers registered by the day with `state_then` (the state of the step in force
    then), of the filters' databases, in the filters' states."""
    dossiers = InvestmentDossier.objects.all()
    if filters.database_list is not None:
        dossiers = dossiers.filter(database__lists=filters.database_list)
    if filters.owner is not None:
        dossiers = dossiers.filter(database__owner=filters.owner)
    if filters.q.strip():
        words = filters.q.strip()
        dossiers = dossiers.filter(
            Q(database__code__icontains=words)
            | Q(database__name__icontains=words)
            | Q(reference__icontains=words)
        )
    standing = dossiers.annotate(state_then=step_in_force(filters.as_of, "state")).filter(
        state_then__isnull=False
    )
    if filters.states:
        standing = standing.filter(state_then__in=filters.states)
    return standing


def dossiers_filtered(filters: DossierFilters) -> QuerySet[InvestmentDossier]:
    """The rows of the dossier list: `dossiers_as_of` with the day of the step in force
    (`since_then`) and what it found missing (`missing_then`), by database then date."""
    return (
        dossiers_as_of(filters)
        .annotate(
            since_then=step_in_force(filters.as_of, "dated"),
            missing_then=step_in_force(filters.as_of, "missing_documents"),
        )
        .select_related("database", "database__owner", "appraiser")
        .order_by("database__code", "registered_on", "pk")
    )


@dataclass(frozen=True)
class Figure:
    """A number on a page and the dossier list of exactly what it counts."""

    value: int
    url: str


def _measures(states: tuple[str, ...], prefix: str = "") -> dict[str, Any]:
    condition = Q(state_then__in=states) if states else None
    return {
        f"{prefix}dossiers": Count("pk", filter=condition),
        f"{prefix}databases": Count("database", distinct=True, filter=condition),
        f"{prefix}owners": Count("database__owner", distinct=True, filter=condition),
        f"{prefix}amount": Sum("amount_million_vnd", filter=condition),
    }


def dossier_figures(filters: DossierFilters) -> dict[str, dict[str, Figure]]:
    """For each of GROUPS, as of the filters' day and among their databases (their states
    left aside): how many dossiers, of how many databases and owners, for what amount
    (million VND), each with the list of those dossiers. One query."""
    base = replace(filters, states=())
    expressions: dict[str, Any] = {}
    for group, states in GROUPS.items():
        expressions.update(_measures(states, f"{group}__"))
    row = dossiers_as_of(base).aggregate(**expressions)
    figures: dict[str, dict[str, Figure]] = {}
    for group, states in GROUPS.items():
        url = dossier_list_url(base.params(state=list(states)))
        figures[group] = {
            measure: Figure(int(row[f"{group}__{measure}"] or 0), url) for measure in MEASURES
        }
    return figures


def list_totals(filters: DossierFilters) -> dict[str, int]:
    """How many dossiers the list holds, of how many databases and owners, for what amount:
    one query over the list's own rows (its count is the list's)."""
    row = dossiers_as_of(filters).aggregate(**_measures(()))
    return {measure: int(row[measure] or 0) for measure in MEASURES}


@dataclass(frozen=True)
class OwnerRow:
    """An owner's dossiers among those listed: how many, of how many databases, how much."""

    owner: Organization
    figures: dict[str, Figure]


def owner_rows(filters: DossierFilters) -> list[OwnerRow]:
    """Every owner with a dossier in the list, the most asked first: two queries (the
    figures grouped by owner, then the owners)."""
    grouped = (
        dossiers_as_of(filters)
        .order_by()
        .values("database__owner")
        .annotate(**{k: v for k, v in _measures(()).items() if k != "owners"})
    )
    counts = {row.pop("database__owner"): row for row in grouped}
    owners = Organization.objects.in_bulk(list(counts))
    rows = []
    for pk, owner in owners.items():
        url = dossier_list_url(filters.params(owner=owner.code))
        rows.append(
            OwnerRow(
                owner,
                {key: Figure(int(value or 0), url) for key, value in counts[pk].items()},
            )
        )
    return sorted(rows, key=lambda row: (-row.figures["amount"].value, row.owner.name))


@dataclass(frozen=True)
class DossierListPage:
    """The dossier list as a page shows it: the figures of every state, the list's own
    totals, its owners, and the page of rows asked for."""

    figures: dict[str, dict[str, Figure]]
    totals: dict[str, int]
    owners: list[OwnerRow]
    page: Any


def dossier_list_page(filters: DossierFilters, asked: PageRequest) -> DossierListPage:
    """Everything the dossier list shows, in a fixed number of queries whatever the rows:
    the figures (one), the totals (one, which count the rows too), the owners (two), the
    page of rows (one)."""
    totals = list_totals(filters)
    paginator = CountedPaginator(dossiers_filtered(filters), asked.size, count=totals["dossiers"])
    return DossierListPage(
        figures=dossier_figures(filters),
        totals=totals,
        owners=owner_rows(filters),
        page=page_of(paginator, asked),
    )


@dataclass(frozen=True)
class DossierAsOf:
    """A dossier as it stood on a day: the step then in force, the steps up to the day
    (latest first), and how many came after it."""

    dossier: InvestmentDossier
    standing: DossierDecision
    history: list[DossierDecision]
    later: int

    @property
    def awaits_appraisal(self) -> bool:
        return self.standing.state in AWAITING_APPRAISAL


@dataclass(frozen=True)
class DatabaseDossiers:
    """A database's dossiers registered by a day, and how many it registered after."""

    shown: list[DossierAsOf]
    later: int


def _steps_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "decisions",
        queryset=DossierDecision.objects.select_related("recorded_by").order_by("step"),
    )


def database_dossiers(database: Database, as_of: date) -> DatabaseDossiers:
    """The database's dossiers as they stood on `as_of`, by the rule read plainly on their
    steps (`rules.step_on`): two queries, the dossiers and their steps."""
    dossiers = list(
        InvestmentDossier.objects.filter(database=database)
        .prefetch_related(_steps_prefetch())
        .order_by("registered_on", "pk")
    )
    shown: list[DossierAsOf] = []
    later = 0
    for dossier in dossiers:
        steps = list(dossier.decisions.all())
        by_fact = {Step(d.dated, d.step, d.state): d for d in steps}
        found = step_on(by_fact, as_of)
        if found is None:
            later += 1
            continue
        until = [d for d in steps if (d.dated, d.step) <= (found.dated, found.step)]
        shown.append(
            DossierAsOf(
                dossier=dossier,
                standing=by_fact[found],
                history=list(reversed(until)),
                later=len(steps) - len(until),
            )
        )
    return DatabaseDossiers(shown=shown, later=later)


def dossier_detail(pk: int) -> InvestmentDossier:
    """The dossier (404 if none) with its database, owner, appraiser and steps."""
    return get_object_or_404(
        InvestmentDossier.objects.select_related(
            "database", "database__owner", "appraiser"
        ).prefetch_related(_steps_prefetch()),
        pk=pk,
    )


def current_step(dossier: InvestmentDossier) -> DossierDecision | None:
    """The dossier's last step (prefetched by `dossier_detail`): where it stands now."""
    steps = list(dossier.decisions.all())
    return steps[-1] if steps else None


def timeline(dossier: InvestmentDossier) -> QuerySet[AuditEvent]:
    """The dossier's audit trail, oldest first."""
    return history_of(dossier)
