"""Every read of data sharing a page, an export or the readiness ranking uses: what an actor
sees, each queue, the public register of refusals, a request's timeline, and the figures per
provider as of a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from nq57.accounts.access import DECIDING_ROLES, organisations_with_role, scope_of
from nq57.core.actors import Actor
from nq57.core.audit import history_of
from nq57.core.models import AuditEvent
from nq57.orgs.models import Organization

from ..models import Database, SharingRequest
from ..sharing_rules import AWAITING_PROVIDER, SharingState

RELATED = ("database", "requester", "provider", "authority")


def _in_scope(actor: Actor, field: str) -> Q:
    scope = scope_of(actor)
    if scope.everything:
        return Q()
    return Q(**{f"{field}__in": scope.subtree_org_ids()})


def _before_authority(actor: Actor) -> Q:
    """What the authority's members see: the refusals and the requests raised to it."""
    scope = scope_of(actor)
    if scope.everything:
        return Q()
    return Q(authority__in=scope.subtree_org_ids()) & (
        ~Q(refusal_basis="") | Q(escalated_on__isnull=False)
    )


def visible_to(actor: Actor) -> QuerySet[SharingRequest]:
    """The requests an actor sees: those of their organisations (and below) as requester or
    provider, what is before the authority for its members; everything for the nation-wide
    roles. Nobody signed in sees none."""
    scope = scope_of(actor)
    requests = SharingRequest.objects.select_related(*RELATED)
    if scope.everything:
        return requests
    if not scope.paths:
        return requests.none()
    return requests.filter(
        _in_scope(actor, "requester") | _in_scope(actor, "provider") | _before_authority(actor)
    )


def get_request_for_user(actor: Actor, pk: int) -> SharingRequest:
    """The request, or 404 when it is missing or not the actor's to see (alike)."""
    try:
        return visible_to(actor).get(pk=pk)
    except SharingRequest.DoesNotExist:
        raise Http404 from None


def _overdue_first(requests: QuerySet[SharingRequest], today: date) -> QuerySet[SharingRequest]:
    late = Q(state=SharingState.PENDING, due_on__lt=today) | Q(
        state=SharingState.OVERRULED, grant_due_on__lt=today
    )
    waiting = Q(state__in=AWAITING_PROVIDER)
    return requests.annotate(
        rank=Case(
            When(late, then=Value(0)),
            When(waiting, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "due_on", "pk")


def inbox(actor: Actor, *, today: date) -> QuerySet[SharingRequest]:
    """Requests received by the actor's organisations: overdue first, then those awaiting an
    answer by due date, then the answered."""
    scope = scope_of(actor)
    if not scope.everything and not scope.paths:
        return SharingRequest.objects.none()
    received = SharingRequest.objects.select_related(*RELATED)
    if not scope.everything:
        received = received.filter(provider__in=scope.subtree_org_ids())
    return _overdue_first(received, today)


def sent(actor: Actor) -> QuerySet[SharingRequest]:
    """Requests the actor's organisations sent, newest first."""
    scope = scope_of(actor)
    if not scope.everything and not scope.paths:
        return SharingRequest.objects.none()
    requests = SharingRequest.objects.select_related(*RELATED)
    if not scope.everything:
        requests = requests.filter(requester__in=scope.subtree_org_ids())
    return requests.order_by("-submitted_on", "-pk")


@dataclass(frozen=True)
class AuthorityQueue:
    refusals: list[SharingRequest]
    escalated: list[SharingRequest]
    decides: bool


def authority_queue(actor: Actor) -> AuthorityQueue:
    """For the competent authority's deciders: refusals to decide (oldest first) and the
    requests raised to it (overdue answers still owed). Others see an empty queue."""
    where = organisations_with_role(actor, DECIDING_ROLES)
    requests = SharingRequest.objects.select_related(*RELATED).filter(authority__in=where)
    refusals = list(requests.filter(state=SharingState.REFUSED).order_by("answered_on", "pk"))
    escalated = list(
        requests.filter(state__in=AWAITING_PROVIDER, escalated_on__isnull=False).order_by(
            "escalated_on", "pk"
        )
    )
    decides = Organization.objects.filter(pk__in=where).exists()
    return AuthorityQueue(refusals=refusals, escalated=escalated, decides=decides)


def databases_to_request(actor: Actor) -> QuerySet[Database]:
    """Databases another organisation owns than those the actor asks for (all of them for
    the nation-wide roles, who may ask for none of their own)."""
    databases = Database.objects.select_related("owner").order_by("code")
    scope = scope_of(actor)
    if scope.everything:
        return databases
    return databases.exclude(owner__in=scope.subtree_org_ids())


# What the public register shows of a refusal; never the fields asked for, the purpose, the
# connection details, nor who (which person) asked, answered or decided.
REGISTER_FIELDS = (
    "pk",
    "database__code",
    "database__name",
    "provider__name_vi",
    "provider__name_en",
    "requester__name_vi",
    "requester__name_en",
    "submitted_on",
    "answered_on",
    "refusal_basis",
    "refusal_citation",
    "refusal_justification",
    "state",
    "decision",
    "decision_reason",
    "decided_on",
)


def refusal_register() -> QuerySet[SharingRequest, dict[str, Any]]:
    """Every refusal, newest first, as plain values of the fields the public may read
    (one query)."""
    rows: QuerySet[SharingRequest, dict[str, Any]] = (
        SharingRequest.objects.exclude(refusal_basis="")
        .order_by("-answered_on", "-pk")
        .values(*REGISTER_FIELDS)
    )
    return rows


def timeline(request: SharingRequest) -> QuerySet[AuditEvent]:
    """The request's audit trail, oldest first."""
    return history_of(request)


@dataclass(frozen=True)
class SharingFigures:
    """A provider's requests as of a day. `due`: requests whose first deadline fell on or
    before the day; `answered_on_time`: of those, the ones first answered (granted or
    refused) by their deadline; `answered`: first answered by the day; `granted`: granted by
    the day (an overruled refusal then granted counts here and in `refused`);
    `granted_at_once`: granted when first answered; `refused`:
    refused by the day; `refusals_overruled`: refusals the authority overruled by the day."""

    received: int = 0
    due: int = 0
    answered_on_time: int = 0
    answered: int = 0
    granted: int = 0
    granted_at_once: int = 0
    refused: int = 0
    refusals_overruled: int = 0


def figure_conditions(as_of: date) -> dict[str, Q]:
    """Which requests each figure counts as of `as_of`, among those submitted by then: the
    figures and the public lists behind them use the same conditions."""
    answered = Q(answered_on__lte=as_of)
    return {
        "received": Q(),
        "due": Q(due_on__lte=as_of),
        "answered_on_time": Q(due_on__lte=as_of) & answered & Q(answered_on__lte=F("due_on")),
        "answered": answered,
        "granted": Q(granted_on__lte=as_of),
        # Granted when first answered: answered, and not by a refusal.
        "granted_at_once": answered & Q(refusal_basis=""),
        "refused": ~Q(refusal_basis="") & answered,
        "refusals_overruled": Q(decision="overruled", decided_on__lte=as_of),
    }


def figure_requests(as_of: date, figure: str) -> QuerySet[SharingRequest]:
    """The requests one figure counts as of `as_of` (KeyError for an unknown figure)."""
    condition = figure_conditions(as_of)[figure]
    return SharingRequest.objects.filter(Q(submitted_on__lte=as_of) & condition)


def sharing_figures(as_of: date) -> dict[int, SharingFigures]:
    """Per providing organisation (by id), its requests as of `as_of`: one grouped query.
    A request submitted after the day does not exist then; every other step counts from its
    own date, so the figures of a past day never change."""
    counts = {
        name: Count("pk", filter=condition) if name != "received" else Count("pk")
        for name, condition in figure_conditions(as_of).items()
    }
    rows = (
        SharingRequest.objects.filter(submitted_on__lte=as_of)
        .order_by()
        .values("provider_id")
        .annotate(**counts)
    )
    return {row.pop("provider_id"): SharingFigures(**row) for row in rows}


def database_requests(database: Database, as_of: date) -> dict[str, int]:
    """How many requests for the database's data were made by `as_of`, and how many of them
    it had granted and refused by then (for its page; the requests themselves are its
    provider's and requesters' to read)."""
    conditions = figure_conditions(as_of)
    counts = {name: Count("pk", filter=conditions[name]) for name in ("granted", "refused")}
    return SharingRequest.objects.filter(database=database, submitted_on__lte=as_of).aggregate(
        received=Count("pk"), **counts
    )
