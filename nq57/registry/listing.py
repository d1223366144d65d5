"""Reads of the registry's pages: the databases of a list as they stood on a date, filtered
and paged; the same counted by owner and by list; one database with its history. Every
official reads the same registry, so nothing here depends on who looks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from nq57.orgs.models import Organization

from .choices import DatabaseStatus, RiskLevel
from .models import Database, DatabaseList, StatusEntry
from .selectors import AT_RISK, in_force, summary_count_expressions, with_standing
from .status import Standing, standing_on

DEFAULT_LIST = "NQ71-2025"
# The values of the list's `risk` filter: "high" is at risk as the summary counts it (not
# formed, high risk then); "normal" is every other database with a status then.
RISK_FILTERS = ("high", "normal")
# The figures of a list as the pages show them, in order: the summary's, and the others
# being deployed (deploying or not started, not at risk: the committee's "36").
FIGURE_KEYS = ("total", "formed", "deploying", "not_started", "at_risk", "others")


@dataclass(frozen=True)
class DatabaseFilters:
    """What the database list shows: the databases of a list (None: every database) with a
    status on `as_of`, by their status and risk then, owner and words of their code or name."""

    as_of: date
    database_list: DatabaseList | None = None
    statuses: tuple[str, ...] = ()
    risk: str = ""
    owner: Organization | None = None
    q: str = ""

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string that names these filters (and `changes`), empty values left out."""
        values: dict[str, Any] = {
            "list": self.database_list.code if self.database_list else "",
            "as_of": self.as_of.isoformat(),
            "status": list(self.statuses),
            "risk": self.risk,
            "owner": self.owner.code if self.owner else "",
            "q": self.q,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "", [], ())}


def database_list_url(params: dict[str, Any]) -> str:
    """The database list filtered by `params` (empty values left out)."""
    kept = {key: value for key, value in params.items() if value not in (None, "", [], ())}
    return f"{reverse('registry:databases')}?{urlencode(kept, doseq=True)}"


def figure_params(key: str) -> dict[str, Any]:
    """The list filters that list exactly the databases a figure counts."""
    if key == "total":
        return {}
    if key == "at_risk":
        return {"risk": "high"}
    if key == "others":
        return {"status": [DatabaseStatus.DEPLOYING, DatabaseStatus.NOT_STARTED], "risk": "normal"}
    return {"status": [key]}


def with_figures(counts: dict[str, int]) -> dict[str, int]:
    """The summary's counts and the others being deployed, which the at-risk overlap."""
    others = counts["deploying"] + counts["not_started"] - counts["at_risk"]
    return {**counts, "others": others}


@dataclass(frozen=True)
class Figure:
    """A number on a registry page and the database list of exactly what it counts."""

    value: int
    url: str


def figures_of(counts: dict[str, int], base: dict[str, Any]) -> dict[str, Figure]:
    """Each of FIGURE_KEYS with the list of its databases; `base` filters them all."""
    values = with_figures(counts)
    return {
        key: Figure(values[key], database_list_url({**base, **figure_params(key)}))
        for key in FIGURE_KEYS
    }


def default_list(lists: Sequence[DatabaseList]) -> DatabaseList | None:
    """The list the registry opens on: Resolution 71's for 2025 if there, else the first."""
    found = next((found for found in lists if found.code == DEFAULT_LIST), None)
    return found or (lists[0] if lists else None)


def databases_filtered(filters: DatabaseFilters) -> QuerySet[Database]:
    """The databases with a status on the date, annotated with it (`status_then`,
    `risk_then`, `since_then`), filtered; by code."""
    databases = Database.objects.all()
    if filters.database_list is not None:
        databases = databases.filter(lists=filters.database_list)
    if filters.owner is not None:
        databases = databases.filter(owner=filters.owner)
    if filters.q.strip():
        words = filters.q.strip()
        databases = databases.filter(Q(code__icontains=words) | Q(name__icontains=words))
    standing = with_standing(databases, filters.as_of).annotate(
        since_then=in_force(filters.as_of, "since")
    )
    standing = standing.filter(Q(status_then__isnull=False))
    if filters.statuses:
        standing = standing.filter(Q(status_then__in=filters.statuses))
    if filters.risk == "high":
        standing = standing.filter(AT_RISK)
    elif filters.risk == "normal":
        standing = standing.exclude(AT_RISK)
    return standing.select_related("owner").order_by("code")


@dataclass(frozen=True)
class OwnerRow:
    """An owner's databases on the list, counted by their status and risk then."""

    owner: Organization
    figures: dict[str, Figure]


def owner_rows(database_list: DatabaseList | None, as_of: date) -> list[OwnerRow]:
    """Every owner with a database on the list that has a status on the date, by name: two
    queries (the counts grouped by owner, then the owners)."""
    databases = Database.objects.all()
    if database_list is not None:
        databases = databases.filter(lists=database_list)
    grouped = (
        with_standing(databases, as_of)
        .filter(Q(status_then__isnull=False))
        .order_by()
        .values("owner_id")
        .annotate(**summary_count_expressions())
    )
    counts = {row.pop("owner_id"): row for row in grouped}
    owners = Organization.objects.in_bulk(list(counts))
    base = {"list": database_list.code if database_list else "", "as_of": as_of.isoformat()}
    rows = [
        OwnerRow(owner, figures_of(counts[pk], {**base, "owner": owner.code}))
        for pk, owner in owners.items()
    ]
    return sorted(rows, key=lambda row: (-row.figures["total"].value, row.owner.name))


@dataclass(frozen=True)
class ListFigures:
    """A list's figures as of a date, for the dashboard."""

    database_list: str
    registry_url: str
    figures: dict[str, Figure]


def figures_by_list(as_of: date) -> list[ListFigures]:
    """Every list with databases, its figures as of the date, in one query."""
    grouped = (
        with_standing(Database.objects.filter(lists__isnull=False), as_of)
        .order_by()
        .values("lists__code")
        .annotate(**summary_count_expressions())
        .order_by("lists__code")
    )
    result = []
    registry_path = reverse("registry:home")
    for row in grouped:
        code = row.pop("lists__code")
        base = {"list": code, "as_of": as_of.isoformat()}
        result.append(
            ListFigures(code, f"{registry_path}?{urlencode(base)}", figures_of(row, base))
        )
    return result


@dataclass(frozen=True)
class HistoryLine:
    """One entry of a database's history as its page shows it."""

    entry: StatusEntry

    @property
    def is_at_risk(self) -> bool:
        return self.entry.status != DatabaseStatus.FORMED and self.entry.risk == RiskLevel.HIGH


@dataclass(frozen=True)
class DatabasePage:
    """A database with its standing on a date: the entry then in force, the history up to
    the date, and how many entries came after it (the page shows it as it stood)."""

    database: Database
    as_of: date
    standing: StatusEntry | None
    history: list[HistoryLine]
    later: int
    lists: Sequence[DatabaseList] = field(default_factory=list)

    @property
    def is_at_risk(self) -> bool:
        return self.standing is not None and HistoryLine(self.standing).is_at_risk


def database_page(code: str, as_of: date) -> DatabasePage:
    """The database of `code` (404 if none) as it stood on `as_of`: three queries (its
    investment dossiers are `dossiers.selectors.database_dossiers`)."""
    database = get_object_or_404(
        Database.objects.select_related("owner").prefetch_related("lists"), code=code
    )
    entries = list(
        StatusEntry.objects.filter(database=database)
        .select_related("recorded_by")
        .order_by("since")
    )
    facts = {Standing(e.since, e.status, e.risk): e for e in entries}
    found = standing_on(facts, as_of)
    until = [e for e in entries if e.since <= as_of]
    return DatabasePage(
        database=database,
        as_of=as_of,
        standing=facts[found] if found else None,
        history=[HistoryLine(e) for e in reversed(until)],
        later=len(entries) - len(until),
        lists=list(database.lists.all()),
    )
