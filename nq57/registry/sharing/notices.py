"""Who is told about a data-sharing request, and what they read: the provider of a new
request, the requester of an answer, the competent authority of a refusal (and of a request
raised to it), the provider (and the requester) of the authority's decision. Each audit event
tells in the transaction that records it; the daily deadlines use the same kinds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nq57.accounts.access import deciders_or_secretariat, holders_of
from nq57.accounts.choices import REPORTING_ROLES
from nq57.accounts.models import User
from nq57.core.actors import Actor
from nq57.core.events import EventType, listen, lookup
from nq57.core.models import AuditEvent
from nq57.notices import kinds
from nq57.notices.services import notify

from ..models import SharingRequest
from . import events

RECEIVED = kinds.register(
    "sharing.received", _("{requester} requests data of {database} ({code}), due {due}")
)
GRANTED = kinds.register("sharing.granted", _("{provider} granted your request {code}"))
REFUSED = kinds.register(
    "sharing.refused", _("{provider} refused your request {code}; the authority will decide")
)
TO_DECIDE = kinds.register(
    "sharing.to_decide", _("To decide: {provider} refused {code} ({database}) to {requester}")
)
UPHELD = kinds.register("sharing.upheld", _("The authority upheld the refusal of {code}"))
OVERRULED = kinds.register(
    "sharing.overruled", _("The authority overruled the refusal of {code}: grant it by {due}")
)
OVERDUE = kinds.register("sharing.overdue", _("The answer to {code} ({database}) was due {due}"))
ESCALATED = kinds.register(
    "sharing.escalated",
    _("Raised to you: {provider} has not answered {code} due {due} (working days late: {days})"),
)


def day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def facts(request: SharingRequest, **more: Any) -> dict[str, Any]:
    return {
        "code": request.code,
        "database": request.database.code,
        "requester": request.requester.name,
        "provider": request.provider.name,
        "due": day(request.answer_due_on or request.due_on),
        **more,
    }


def link(request: SharingRequest) -> str:
    return reverse("registry:sharing_request", args=[request.pk])


def provider_side(request: SharingRequest) -> QuerySet[User]:
    return holders_of(REPORTING_ROLES, org_ids=[request.provider_id])


def requester_side(request: SharingRequest) -> QuerySet[User]:
    return holders_of(REPORTING_ROLES, org_ids=[request.requester_id])


def authority_side(request: SharingRequest) -> QuerySet[User]:
    """The authority's deciders (the secretariat when it has none: never told to nobody)."""
    return deciders_or_secretariat(request.authority_id)


def tell(
    kind: kinds.Kind,
    recipients: Any,
    request: SharingRequest,
    which: str,
    actor: Actor | None = None,
    **more: Any,
) -> int:
    """Tell `recipients` about the request, once per `which`."""
    return notify(
        kind,
        recipients,
        key=f"{kind.code}:{request.pk}:{which}",
        params=facts(request, **more),
        link=link(request),
        actor=actor,
    )


Audience = Callable[[SharingRequest], QuerySet[User]]
TOLD: dict[EventType, tuple[tuple[kinds.Kind, Audience], ...]] = {
    events.SUBMITTED: ((RECEIVED, provider_side),),
    events.GRANTED: ((GRANTED, requester_side),),
    events.REFUSED: ((REFUSED, requester_side), (TO_DECIDE, authority_side)),
    events.UPHELD: ((UPHELD, provider_side), (UPHELD, requester_side)),
    events.OVERRULED: ((OVERRULED, provider_side), (OVERRULED, requester_side)),
}


def _told_of(actor: Actor, request: SharingRequest, entry: AuditEvent) -> None:
    for kind, audience in TOLD[lookup(entry.event)]:
        tell(kind, audience(request), request, f"event:{entry.pk}", actor=actor)


for _event in TOLD:
    listen(_event)(_told_of)
