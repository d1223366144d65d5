"""What the task work leaves waiting on one official: decisions to take, requests returned to
them, and their own organisations' tasks that are overdue, due soon or without a recent
progress report. Each comes with its exact count and its first rows (`Waiting`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from django.db.models import Exists, F, OuterRef, QuerySet

from nq57.accounts.access import deciding_org_ids, organisations_with_role
from nq57.accounts.choices import REPORTING_ROLES
from nq57.core.actors import Actor, user_id_of

from ..choices import RequestStatus
from ..models import CompletionRequest, ExtensionRequest, Task
from ..status import Status
from .attention import stale_condition
from .status_sql import due_by_condition, filter_by_status, with_status_terms

Row = TypeVar("Row")

# How long a refused extension stays in the queue of the person who asked for it.
REFUSAL_SHOWN_DAYS = 14


@dataclass(frozen=True)
class Waiting(Generic[Row]):
    """How many are waiting, and the first `limit` of them in the order they are listed."""

    count: int
    rows: list[Row]


def waiting(qs: QuerySet[Any], limit: int) -> Waiting[Any]:
    """Counted first: most sections of most officials are empty, and cost one query then."""
    count = qs.count()
    return Waiting(count=count, rows=list(qs[:limit]) if count else [])


def completions_to_decide(actor: Actor) -> QuerySet[CompletionRequest]:
    """Pending completion requests the actor may confirm or return, oldest first: on tasks
    assigned by organisations they decide for, never asked for by themselves."""
    qs = _pending_on_decided_tasks(CompletionRequest, actor)
    me = user_id_of(actor)
    return qs.exclude(requested_by_id=me) if me is not None else qs


def extensions_to_decide(actor: Actor) -> QuerySet[ExtensionRequest]:
    """Pending extension requests on tasks assigned by organisations the actor decides for."""
    return _pending_on_decided_tasks(ExtensionRequest, actor)


def _pending_on_decided_tasks(model: Any, actor: Actor) -> QuerySet[Any]:
    orgs = deciding_org_ids(actor)
    qs: QuerySet[Any] = model.objects.filter(status=RequestStatus.PENDING)
    if orgs is not None:
        qs = qs.filter(task__assigned_by_id__in=orgs)
    return qs.select_related("task", "task__lead_org").order_by("requested_at", "pk")


def _latest_of_its_task(model: Any) -> Any:
    """No later request of the same kind on the same task."""
    later = model.objects.filter(task=OuterRef("task"), requested_at__gt=OuterRef("requested_at"))
    return ~Exists(later)


def completions_returned(actor: Actor) -> QuerySet[CompletionRequest]:
    """The actor's completion requests that were returned, on tasks still open, when nothing
    was asked since: the reporter has to act on the reason."""
    return _turned_down(CompletionRequest, actor, RequestStatus.RETURNED)


def extensions_refused(actor: Actor, today: date) -> QuerySet[ExtensionRequest]:
    """The actor's extension requests refused in the last two weeks, on tasks still open,
    when nothing was asked since: the old deadline holds."""
    recent = today - timedelta(days=REFUSAL_SHOWN_DAYS)
    return _turned_down(ExtensionRequest, actor, RequestStatus.REFUSED, decided_on__gte=recent)


def _turned_down(model: Any, actor: Actor, status: str, **more: Any) -> QuerySet[Any]:
    """The actor's own requests of `model` turned down (`status`), latest decided first, on
    tasks still open and with no later request of the kind."""
    me = user_id_of(actor)
    if me is None:
        return model.objects.none()  # type: ignore[no-any-return]
    turned_down: QuerySet[Any] = model.objects.filter(
        requested_by_id=me,
        status=status,
        task__completed_on__isnull=True,
        task__withdrawn_on__isnull=True,
        **more,
    )
    return (
        turned_down.filter(_latest_of_its_task(model))
        .select_related("task", "task__lead_org")
        .order_by("-decided_on", "-pk")
    )


def own_tasks(actor: Actor) -> QuerySet[Task]:
    """Tasks led by the organisations where the actor reports (exactly there: a province's
    official is not handed every commune's tasks)."""
    return Task.objects.filter(lead_org_id__in=organisations_with_role(actor, REPORTING_ROLES))


def overdue_own(actor: Actor, today: date) -> QuerySet[Task]:
    """The actor's organisations' tasks overdue today, the oldest deadline first."""
    overdue = filter_by_status(own_tasks(actor), [Status.OVERDUE], today)
    return overdue.select_related("lead_org").order_by("deadline", "pk")


def due_soon_own(actor: Actor, today: date, days: int) -> QuerySet[Task]:
    """The actor's organisations' tasks in progress and due within `days` days."""
    due = with_status_terms(own_tasks(actor), today).filter(
        due_by_condition(today, today + timedelta(days=days))
    )
    return due.select_related("lead_org").order_by("deadline", "pk")


def unreported_own(actor: Actor, today: date, days: int) -> QuerySet[Task]:
    """The actor's organisations' open tasks without a progress report for `days` days,
    never reported first."""
    stale = own_tasks(actor).filter(stale_condition(today, days))
    return stale.select_related("lead_org").order_by(
        F("progress_reported_on").asc(nulls_first=True), "pk"
    )
