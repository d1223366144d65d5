"""Every write of data sharing: a request submitted, granted, refused, the refusal upheld or
overruled. Each takes the acting user first, checks who may and what the state machine
allows (`sharing_rules`), writes, and records its audit event (whose listeners tell those
concerned) in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.calendar import add_working_days
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.orgs.models import Organization

from ..models import Database, SharingRequest
from ..sharing_rules import (
    AuthorityDecision,
    Move,
    SharingState,
    decision_problems,
    next_state,
    refusal_problems,
)
from . import events, permissions


def answer_due(start: date) -> date:
    """The day an answer is due: NQ57_SHARING_ANSWER_WORKING_DAYS working days after `start`."""
    return add_working_days(start, settings.NQ57_SHARING_ANSWER_WORKING_DAYS)


def competent_authority() -> Organization:
    """The body that upholds or overrules refusals, as configured (NQ57_SHARING_AUTHORITY)."""
    return Organization.objects.get(code=settings.NQ57_SHARING_AUTHORITY)


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _refuse_if_invalid(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationFailed(next(iter(problems.values()))[0], fields=problems)


@transaction.atomic
def sharing_request_submit(
    actor: Actor,
    *,
    database: Database,
    requester: Organization,
    fields_requested: str,
    purpose: str,
    legal_basis: str,
    on: date | None = None,
) -> SharingRequest:
    """`requester` asks the owner of `database` for its data; the answer is due in working
    days from today."""
    if not permissions.can_request_for(actor, requester):
        raise NotPermitted(_("Only the requesting organisation's officials may ask for data."))
    values = {
        "fields_requested": _text(fields_requested),
        "purpose": _text(purpose),
        "legal_basis": _text(legal_basis),
    }
    problems = {name: [_("This field is required.")] for name, text in values.items() if not text}
    if database.owner_id == requester.pk:
        problems["database"] = [_("Choose a database of another organisation.")]
    _refuse_if_invalid(problems)
    on = on or timezone.localdate()
    request = SharingRequest(
        database=database,
        requester=requester,
        provider_id=database.owner_id,
        authority=competent_authority(),
        submitted_by_id=user_id_of(actor),
        submitted_on=on,
        due_on=answer_due(on),
        **values,
    )
    request.full_clean(exclude=["database", "requester", "provider", "authority"])
    request.save()
    audit.record(
        actor,
        events.SUBMITTED,
        subject=request,
        data={"database": database.code, "requester": requester.code, "due_on": request.due_on},
    )
    return request


def _locked(request: SharingRequest) -> SharingRequest:
    return (
        SharingRequest.objects.select_for_update(of=("self",))
        .select_related("database", "requester", "provider", "authority")
        .get(pk=request.pk)
    )


def _move(request: SharingRequest, move: Move) -> SharingState:
    reached = next_state(request.state, move)
    if reached is None:
        raise InvalidTransition(
            _("This request cannot be %(move)s now: it is “%(state)s”.")
            % {"move": _MOVE_WORDS[move], "state": request.get_state_display()}
        )
    return reached


_MOVE_WORDS: dict[Move, Any] = {
    Move.GRANT: gettext_lazy("granted"),
    Move.REFUSE: gettext_lazy("refused"),
    Move.UPHOLD: gettext_lazy("upheld"),
    Move.OVERRULE: gettext_lazy("overruled"),
}


@transaction.atomic
def sharing_request_grant(
    actor: Actor, *, request: SharingRequest, connection_details: str, on: date | None = None
) -> SharingRequest:
    """The provider grants, with how to connect (seen by the two organisations only): a
    pending request, or one whose refusal the authority overruled."""
    request = _locked(request)
    if not permissions.can_answer(actor, request):
        raise NotPermitted(_("Only the providing organisation answers this request."))
    request.state = _move(request, Move.GRANT)
    details = _text(connection_details)
    if not details:
        message = _("Give the connection details (endpoint, service, how to obtain access).")
        raise ValidationFailed(message, fields={"connection_details": [message]})
    on = on or timezone.localdate()
    if request.answered_on is None:
        request.answered_on, request.answered_by_id = on, user_id_of(actor)
    request.granted_on = on
    request.connection_details = details
    request.full_clean(exclude=["database", "requester", "provider", "authority"])
    request.save()
    # The details themselves stay out of the audit trail, which the authority reads.
    audit.record(actor, events.GRANTED, subject=request, data={"on": on})
    return request


@transaction.atomic
def sharing_request_refuse(
    actor: Actor,
    *,
    request: SharingRequest,
    basis: str,
    justification: str,
    citation: str = "",
    on: date | None = None,
) -> SharingRequest:
    """The provider refuses, on a legal basis and with a written justification that goes to
    the competent authority (and, without the request's details, to the public register)."""
    request = _locked(request)
    if not permissions.can_answer(actor, request):
        raise NotPermitted(_("Only the providing organisation answers this request."))
    next_one = _move(request, Move.REFUSE)
    _refuse_if_invalid(refusal_problems(basis, citation, justification))
    on = on or timezone.localdate()
    request.state = next_one
    request.answered_on, request.answered_by_id = on, user_id_of(actor)
    request.refusal_basis = basis
    request.refusal_citation = _text(citation)
    request.refusal_justification = _text(justification)
    request.full_clean(exclude=["database", "requester", "provider", "authority"])
    request.save()
    audit.record(
        actor,
        events.REFUSED,
        subject=request,
        data={"on": on, "basis": basis, "citation": request.refusal_citation},
    )
    return request


@transaction.atomic
def sharing_refusal_decide(
    actor: Actor,
    *,
    request: SharingRequest,
    decision: str,
    reason: str,
    on: date | None = None,
) -> SharingRequest:
    """The competent authority upholds or overrules a refusal, with its reason; overruled,
    the provider must grant within a fresh deadline (the overrule is kept and counted)."""
    request = _locked(request)
    if not permissions.can_decide(actor, request):
        raise NotPermitted(_("Only the competent authority decides on a refusal."))
    if decision not in AuthorityDecision.values:
        message = _("Choose to uphold or to overrule the refusal.")
        raise ValidationFailed(message, fields={"decision": [message]})
    move = Move.UPHOLD if decision == AuthorityDecision.UPHELD else Move.OVERRULE
    next_one = _move(request, move)
    _refuse_if_invalid(decision_problems(reason))
    on = on or timezone.localdate()
    request.state = next_one
    request.decision, request.decision_reason = decision, _text(reason)
    request.decided_on, request.decided_by_id = on, user_id_of(actor)
    if move == Move.OVERRULE:
        request.grant_due_on = answer_due(on)
        request.reminded_on = request.escalated_on = None  # a fresh deadline is watched anew
    request.full_clean(exclude=["database", "requester", "provider", "authority"])
    request.save()
    event = events.UPHELD if move == Move.UPHOLD else events.OVERRULED
    audit.record(
        actor,
        event,
        subject=request,
        data={"on": on, "reason": request.decision_reason, "grant_due_on": request.grant_due_on},
    )
    return request
