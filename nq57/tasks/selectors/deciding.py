"""What the assigning side sees before it decides: the requests waiting in its inbox, and the
one request a confirmation page sums up. A completion comes with its note, its evidence and
the task's latest progress report; an extension with both deadlines and its reason. The
inbox runs a fixed number of queries however many requests wait."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from nq57.accounts.access import deciding_org_ids
from nq57.core.actors import Actor

from .. import permissions
from ..choices import RequestStatus
from ..models import CompletionRequest, Evidence, ExtensionRequest, ProgressReport, Task

# More than any assigning body has waiting at once; the page stays bounded all the same.
INBOX_LIMIT = 500


@dataclass(frozen=True)
class CompletionToDecide:
    """A pending completion request (its evidence prefetched, in the order it was attached)
    and the latest progress report of its task, if any."""

    request: CompletionRequest
    latest_report: ProgressReport | None

    @property
    def task(self) -> Task:
        return self.request.task


@dataclass(frozen=True)
class Inbox:
    completions: list[CompletionToDecide]
    extensions: list[ExtensionRequest]


def _evidence() -> Prefetch[Any]:
    return Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))


def _latest_report_id() -> Subquery:
    newest = ProgressReport.objects.filter(task=OuterRef("task")).order_by("-reported_on", "-pk")
    return Subquery(newest.values("pk")[:1])


def _with_latest_reports(requests: Sequence[CompletionRequest]) -> list[CompletionToDecide]:
    """Each request with its task's latest report: one query for all of them (the ids come
    annotated on the requests' own query), never a report per request."""
    latest = {r.pk: getattr(r, "latest_report_id", None) for r in requests}
    ids = {pk for pk in latest.values() if pk is not None}
    reports = ProgressReport.objects.in_bulk(ids) if ids else {}
    return [CompletionToDecide(r, reports.get(latest[r.pk])) for r in requests]


def _pending(model: Any, actor: Actor) -> QuerySet[Any]:
    """Pending requests of `model` on tasks assigned by organisations the actor decides for,
    oldest first."""
    orgs = deciding_org_ids(actor)
    qs: QuerySet[Any] = model.objects.filter(status=RequestStatus.PENDING)
    if orgs is not None:
        qs = qs.filter(task__assigned_by_id__in=orgs)
    return qs.select_related("task", "task__lead_org", "requested_by").order_by(
        "requested_at", "pk"
    )


def decision_inbox(actor: Actor) -> Inbox:
    """Pending completion and extension requests on tasks the actor decides on, oldest
    first, with what each decision rests on."""
    completions = list(
        _pending(CompletionRequest, actor)
        .annotate(latest_report_id=_latest_report_id())
        .prefetch_related(_evidence())[:INBOX_LIMIT]
    )
    extensions = list(_pending(ExtensionRequest, actor)[:INBOX_LIMIT])
    return Inbox(completions=_with_latest_reports(completions), extensions=extensions)


def completion_to_decide(actor: Actor, task: Task) -> CompletionToDecide | None:
    """The task's pending completion request with its evidence and the latest report, when
    the actor may decide on it; None when nothing is pending; 404 when the actor may not
    decide (as the decision itself answers), the requester included."""
    if not permissions.can_decide(actor, task):
        raise Http404
    found = list(
        task.completion_requests.filter(status=RequestStatus.PENDING)
        .select_related("task", "task__lead_org", "requested_by")
        .annotate(latest_report_id=_latest_report_id())
        .prefetch_related(_evidence())[:1]
    )
    if not found:
        return None
    if not permissions.can_confirm_completion(actor, task, found[0]):
        raise Http404
    return _with_latest_reports(found)[0]


def extension_to_decide(actor: Actor, request: ExtensionRequest) -> ExtensionRequest:
    """The extension request when the actor may decide on its task; 404 otherwise."""
    if not permissions.can_decide(actor, request.task):
        raise Http404
    return request
