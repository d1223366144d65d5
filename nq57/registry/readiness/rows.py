"""The rows behind each readiness figure: the public list of exactly what a figure counts.
Only what the public may read: no connection details, no fields asked, no people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from nq57.core.paging import CountedPaginator, PageRequest, page_of
from nq57.orgs.models import Organization

from ..choices import DatabaseStatus
from ..models import Database
from ..quality.selectors.scores import official_scores
from ..selectors import with_standing
from ..sharing.selectors import figure_requests

# Which databases a figure counts: the key in the query string and the condition.
DATABASE_FIGURES: dict[str, Q] = {
    "databases": Q(),
    "formed": Q(status_then=DatabaseStatus.FORMED),
}


@dataclass(frozen=True)
class DatabaseRowsQuery:
    org: Organization
    as_of: date
    figure: str


def figure_databases(query: DatabaseRowsQuery) -> QuerySet[Database]:
    """The organisation's databases (its own and those of bodies under it) with a status by
    the date, narrowed to those the figure counts; each annotated with its status then."""
    owned = Database.objects.filter(owner__path__startswith=query.org.path)
    standing = with_standing(owned, query.as_of).filter(
        status_then__isnull=False  # type: ignore[misc]  # an annotation django-stubs can't see
    )
    if query.figure == "connected":
        return standing.filter(connected_on__lte=query.as_of)
    if query.figure == "quality":
        owned_ids = owned.values_list("pk", flat=True)
        scored = owned.filter(pk__in=list(official_scores(query.as_of, owned_ids)))
        return with_standing(scored, query.as_of)
    return standing.filter(DATABASE_FIGURES[query.figure])


def is_database_figure(figure: str) -> bool:
    return figure in DATABASE_FIGURES or figure in ("connected", "quality")


def database_rows_page(query: DatabaseRowsQuery, page: PageRequest) -> tuple[Any, int]:
    """A page of the figure's databases (owner, status then, joined the platform, official
    quality score then) and their count."""
    listed = figure_databases(query).select_related("owner").order_by("code")
    shown = page_of(CountedPaginator(listed, page.size), page)
    scores = official_scores(query.as_of, [database.pk for database in shown.object_list])
    for database in shown.object_list:
        database.quality_then = scores.get(database.pk)
    return shown, shown.paginator.count


# The request figures a public list may show (all of `sharing.selectors.figure_conditions`).
REQUEST_FIGURES = (
    "received",
    "due",
    "answered_on_time",
    "answered",
    "granted",
    "granted_at_once",
    "refused",
    "refusals_overruled",
)


@dataclass(frozen=True)
class RequestRowsQuery:
    org: Organization
    as_of: date
    figure: str


def request_rows_page(query: RequestRowsQuery, page: PageRequest) -> tuple[Any, int]:
    """A page of the requests one figure counts for the organisation and the bodies under
    it, with only what the public may read (the register's rule): database, requester,
    dates, basis category of a refusal, the authority's decision. Never the fields asked,
    the purpose, the connection details or people."""
    listed = (
        figure_requests(query.as_of, query.figure)
        .filter(provider__path__startswith=query.org.path)
        .select_related("database", "requester", "provider")
        .only(*PUBLIC_REQUEST_FIELDS)
        .order_by("submitted_on", "pk")
    )
    shown = page_of(CountedPaginator(listed, page.size), page)
    return shown, shown.paginator.count


PUBLIC_REQUEST_FIELDS = (
    *("database__code", "database__name", "requester__code", "requester__name_vi"),
    *("requester__name_en", "provider__code", "provider__name_vi", "provider__name_en"),
    *("submitted_on", "due_on", "answered_on", "granted_on", "refusal_basis"),
    *("decision", "decided_on"),
)
