"""Parameters shared by pages, the API and commands, parsed into typed queries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

import django_filters
from django.db.models import QuerySet
from django.forms import NullBooleanSelect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.accounts.access import Actor
from nq57.core.dates import DayField, day_param
from nq57.core.errors import ValidationFailed
from nq57.core.text import search_words
from nq57.orgs.lookup import OrgLookupError, resolve_org

from .choices import TaskKind
from .models import Program, Task
from .selectors.attention import stale_condition
from .selectors.status_sql import due_by_condition, filter_by_status, with_status_terms
from .selectors.summaries import Role, SummaryQuery, in_org_scope, status_total
from .status import Status

ROLES = ("lead", "coordinate", "any")
BREAKDOWNS = ("org", "program")


def summary_query_from(params: Mapping[str, Any]) -> SummaryQuery:
    """A SummaryQuery from as_of, due_by, org, role, program, by; every problem by field."""
    errors: dict[str, list[str]] = {}
    # No parameter takes a NUL character, and PostgreSQL refuses one in a look-up with an
    # error: refuse it first, by field (schemathesis sent one to the public ranking).
    for name, value in params.items():
        if "\x00" in str(value or ""):
            errors[name] = [_("Null characters are not allowed.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], fields=errors)

    def day(name: str) -> date | None:
        try:
            return day_param(params, name)
        except ValueError as exc:
            errors[name] = [str(exc)]
            return None

    as_of = day("as_of") or timezone.localdate()
    due_by = day("due_by")
    org = None
    if params.get("org"):
        try:
            org = resolve_org(str(params["org"]))
        except OrgLookupError as exc:
            errors["org"] = [str(exc)]
    role = params.get("role") or "lead"
    if role not in ROLES:
        errors["role"] = [_("role must be one of %(roles)s") % {"roles": ", ".join(ROLES)}]
    program = None
    if params.get("program"):
        program = Program.objects.filter(code=str(params["program"]).strip()).first()
        if program is None:
            errors["program"] = [_("unknown programme '%(code)s'") % {"code": params["program"]}]
    by = params.get("by") or None
    if by is not None and by not in BREAKDOWNS:
        errors["by"] = [_("by must be org or program")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], fields=errors)
    return SummaryQuery(
        as_of=as_of,
        due_by=due_by,
        org=org,
        role=cast(Role, role),
        program=program,
        by=by,
    )


class DayFilter(django_filters.DateFilter):
    """A date of the query string as the pages' fields take it: 30/11/2026 or 2026-11-30."""

    field_class = DayField


class YesNoSelect(NullBooleanSelect):
    """A yes/no filter that also reads 1/0, yes/no and on/off: links and scripts write flags
    those ways, and a flag the list silently ignored once made a dashboard figure and the
    list behind it disagree (`direct=1`)."""

    WORDS = {"1": True, "yes": True, "on": True, "0": False, "no": False, "off": False}

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in self.WORDS:
            return self.WORDS[value.strip().lower()]
        return super().value_from_datadict(data, files, name)


class TaskFilterSet(django_filters.FilterSet):
    """Filters of the task list, shared by the pages, the API and the export."""

    program = django_filters.CharFilter(field_name="program__code", label=gettext_lazy("Programme"))
    org = django_filters.CharFilter(
        method="filter_noop", label=gettext_lazy("Organisation (code or name)")
    )
    role = django_filters.ChoiceFilter(
        choices=[(r, r) for r in ROLES],
        method="filter_noop",
        label=gettext_lazy("Role of the organisation"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=[(s.value, s.value) for s in Status] + [("completed", "completed")],
        method="filter_noop",
        label=gettext_lazy("Status"),
    )
    as_of = DayFilter(method="filter_noop", label=gettext_lazy("Status as of (default: today)"))
    due_by = DayFilter(method="filter_noop", label=gettext_lazy("In progress, due on or before"))
    stale_days = django_filters.NumberFilter(
        method="filter_noop", min_value=0, label=gettext_lazy("No progress report for N days")
    )
    direct = django_filters.BooleanFilter(
        method="filter_noop",
        widget=YesNoSelect,
        label=gettext_lazy("Only the organisation itself"),
    )
    kind = django_filters.ChoiceFilter(choices=TaskKind.choices, label=gettext_lazy("Kind"))
    priority = django_filters.BooleanFilter(
        field_name="is_priority", widget=YesNoSelect, label=gettext_lazy("Priority")
    )
    deadline_from = DayFilter(
        field_name="deadline", lookup_expr="gte", label=gettext_lazy("Deadline from")
    )
    deadline_to = DayFilter(
        field_name="deadline", lookup_expr="lte", label=gettext_lazy("Deadline to")
    )
    q = django_filters.CharFilter(
        method="filter_search", label=gettext_lazy("Search (accents optional)")
    )
    parent = django_filters.NumberFilter(field_name="parent_id", label=gettext_lazy("Parent task"))

    class Meta:
        model = Task
        fields = ["program", "kind", "priority", "parent"]

    def filter_noop(self, queryset: QuerySet[Task], name: str, value: Any) -> QuerySet[Task]:
        return queryset  # applied together in filter_queryset: they depend on each other

    def filter_search(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        # Whole words in a row, accents ignored, against ' word word ' (search_document):
        # Vietnamese words are syllables, so "chuyen doi so" asks for the compound "chuyển đổi
        # số", not for "chuyên", "đổi" and "số" anywhere, and "so" never finds "soát".
        words = search_words(value)
        if words:
            queryset = queryset.filter(search_text__contains=f" {' '.join(words)} ")
        return queryset

    def filter_queryset(self, queryset: QuerySet[Task]) -> QuerySet[Task]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("org"):
            try:
                org = resolve_org(data["org"])
            except OrgLookupError as exc:
                raise ValidationFailed(str(exc), fields={"org": [str(exc)]}) from None
            role = cast(Role, data.get("role") or "lead")
            queryset = in_org_scope(queryset, org, role, direct=bool(data.get("direct")))
        if data.get("status"):
            queryset = filter_by_status(queryset, self.statuses, self.status_as_of)
        if data.get("due_by"):
            as_of = self.status_as_of
            queryset = with_status_terms(queryset, as_of).filter(
                due_by_condition(as_of, data["due_by"])
            )
        if data.get("stale_days") is not None:
            queryset = queryset.filter(
                stale_condition(timezone.localdate(), int(data["stale_days"]))
            )
        return queryset

    @property
    def status_as_of(self) -> date:
        return self.form.cleaned_data.get("as_of") or timezone.localdate()

    @property
    def statuses(self) -> set[Status]:
        statuses: set[Status] = set()
        for value in self.form.cleaned_data.get("status") or ():
            if value == "completed":
                statuses |= {Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE}
            else:
                statuses.add(Status(value))
        return statuses

    def status_total(self, actor: Actor) -> int | None:
        """The filtered count, from the rollups, when the filters ask only for statuses as of
        a date over all tasks, a programme's, or a top-level organisation's subtree as lead;
        None otherwise. Counting 375,000 overdue tasks through the status rule takes a third of
        a second at national scale; the rollups hold the same number exactly."""
        data = self.form.cleaned_data
        others = {
            name: value
            for name, value in data.items()
            if name not in ("status", "as_of", "org", "role", "program", "direct")
        }
        if (
            not data.get("status")
            or data.get("direct")
            or any(value not in (None, "", []) for value in others.values())
        ):
            return None
        if data.get("role") not in (None, "", "lead"):
            return None
        org = program = None
        if data.get("org"):
            try:
                org = resolve_org(data["org"])
            except OrgLookupError:
                return None
        if data.get("program"):
            program = Program.objects.filter(code=data["program"]).first()
            if program is None:
                return None
        query = SummaryQuery(as_of=self.status_as_of, org=org, program=program)
        return status_total(actor, query, self.statuses)
