"""Every write of investment dossiers: registered, approved, returned, resubmitted. Each takes
the acting user first, checks who may and what the state machine allows (`rules`), writes the
dossier's next dated step and records its audit event, in one transaction. A step is never
rewritten, nor dated before the one it follows, nor after today."""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.orgs.models import Organization

from ..choices import DossierState
from ..models import Database, DossierDecision, InvestmentDossier
from . import events, permissions
from .rules import Move, next_state
from .selectors import appraising_body

# A bound on what one dossier may ask (a million billion VND): a typing slip, not a project.
MAX_AMOUNT_MILLION_VND = 1_000_000_000
REFERENCE_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 4000


def appraiser_of_new_dossiers() -> Organization:
    """The body dossiers are registered with, as configured (NQ57_DOSSIER_APPRAISER)."""
    found = appraising_body()
    if found is None:
        message = _("No appraising body is configured (NQ57_DOSSIER_APPRAISER = %(code)s).") % {
            "code": settings.NQ57_DOSSIER_APPRAISER
        }
        raise ValidationFailed(message)
    return found


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _refuse(field: str, message: str) -> NoReturn:
    raise ValidationFailed(message, fields={field: [message]})


def _check_text(field: str, value: str, limit: int = TEXT_MAX_LENGTH) -> None:
    if len(value) > limit:
        _refuse(field, _("At most %(n)s characters.") % {"n": limit})


def _day(field: str, day: date | None, *, after: date | None = None) -> date:
    """The step's day: today unless given; never after today, nor before `after`."""
    today = timezone.localdate()
    day = day or today
    if day > today:
        _refuse(field, _("A step of a dossier cannot be dated after today."))
    if after is not None and day < after:
        _refuse(
            field,
            _("Date it on or after %(day)s, the dossier's last step.")
            % {"day": after.strftime("%d/%m/%Y")},
        )
    return day


@transaction.atomic
def dossier_register(
    actor: Actor,
    *,
    database: Database,
    amount_million_vnd: int,
    registered_on: date | None = None,
    reference: str = "",
    note: str = "",
) -> InvestmentDossier:
    """The owner registers an investment dossier of `database` with the appraising body for
    `amount_million_vnd`: its first step, dated the day it was registered (today unless
    given)."""
    if not permissions.can_register(actor, database):
        raise NotPermitted(_("Only the database owner's officials register its dossiers."))
    if not isinstance(amount_million_vnd, int) or amount_million_vnd <= 0:
        _refuse("amount_million_vnd", _("Give the amount in million VND, more than zero."))
    if amount_million_vnd > MAX_AMOUNT_MILLION_VND:
        _refuse(
            "amount_million_vnd",
            _("At most %(n)s million VND for one dossier.")
            % {"n": number_format(MAX_AMOUNT_MILLION_VND, force_grouping=True)},
        )
    reference, note = _text(reference), _text(note)
    _check_text("reference", reference, REFERENCE_MAX_LENGTH)
    _check_text("note", note)
    day = _day("registered_on", registered_on)
    dossier = InvestmentDossier(
        database=database,
        reference=reference,
        amount_million_vnd=amount_million_vnd,
        registered_on=day,
        appraiser=appraiser_of_new_dossiers(),
    )
    dossier.full_clean(exclude=["database", "appraiser"])
    dossier.save()
    DossierDecision.objects.create(
        dossier=dossier,
        step=1,
        state=DossierState.REGISTERED,
        dated=day,
        note=note,
        recorded_by_id=user_id_of(actor),
    )
    audit.record(
        actor,
        events.REGISTERED,
        subject=dossier,
        data={
            "database": database.code,
            "amount_million_vnd": amount_million_vnd,
            "registered_on": day,
            "appraiser": dossier.appraiser.code,
            "reference": reference,
        },
    )
    return dossier


_MOVE_WORDS: dict[Move, Any] = {
    Move.APPROVE: gettext_lazy("approved"),
    Move.RETURN: gettext_lazy("returned"),
    Move.RESUBMIT: gettext_lazy("resubmitted"),
}
_EVENTS: dict[Move, audit.EventType] = {
    Move.APPROVE: events.APPROVED,
    Move.RETURN: events.RETURNED,
    Move.RESUBMIT: events.RESUBMITTED,
}


def _take_step(
    actor: Actor,
    dossier: InvestmentDossier,
    move: Move,
    *,
    on: date | None,
    note: str,
    missing_documents: str = "",
) -> DossierDecision:
    """The dossier's next step by `move`, once the caller has checked who may: the dossier
    locked, its last step read under the lock, the move checked against it."""
    locked = InvestmentDossier.objects.select_for_update().get(pk=dossier.pk)
    last = DossierDecision.objects.filter(dossier=locked).order_by("-step").first()
    state = last.state if last is not None else None
    reached = next_state(state, move) if state is not None else None
    if last is None or reached is None:
        shown = DossierState(state).label if state else "—"
        raise InvalidTransition(
            _("This dossier cannot be %(move)s now: it is “%(state)s”.")
            % {"move": _MOVE_WORDS[move], "state": shown}
        )
    note, missing_documents = _text(note), _text(missing_documents)
    _check_text("note", note)
    _check_text("missing_documents", missing_documents)
    if move == Move.RETURN and not missing_documents:
        _refuse("missing_documents", _("Name the documents the dossier is missing."))
    if move == Move.RESUBMIT and not note:
        _refuse("note", _("Say which documents were added."))
    day = _day("dated", on, after=last.dated)
    decision = DossierDecision.objects.create(
        dossier=locked,
        step=last.step + 1,
        state=reached,
        dated=day,
        missing_documents=missing_documents,
        note=note,
        recorded_by_id=user_id_of(actor),
    )
    data: dict[str, Any] = {"on": day, "state": reached}
    if missing_documents:
        data["missing_documents"] = missing_documents
    if note:
        data["note"] = note
    audit.record(actor, _EVENTS[move], subject=locked, data=data)
    return decision


@transaction.atomic
def dossier_approve(
    actor: Actor, *, dossier: InvestmentDossier, on: date | None = None, note: str = ""
) -> DossierDecision:
    """The appraising body approves a dossier awaiting its decision."""
    if not permissions.can_appraise(actor, dossier):
        raise NotPermitted(_("Only the appraising body approves or returns a dossier."))
    return _take_step(actor, dossier, Move.APPROVE, on=on, note=note)


@transaction.atomic
def dossier_return(
    actor: Actor,
    *,
    dossier: InvestmentDossier,
    missing_documents: str,
    on: date | None = None,
    note: str = "",
) -> DossierDecision:
    """The appraising body returns a dossier awaiting its decision, naming the documents it
    is missing (required)."""
    if not permissions.can_appraise(actor, dossier):
        raise NotPermitted(_("Only the appraising body approves or returns a dossier."))
    return _take_step(
        actor, dossier, Move.RETURN, on=on, note=note, missing_documents=missing_documents
    )


@transaction.atomic
def dossier_resubmit(
    actor: Actor, *, dossier: InvestmentDossier, on: date | None = None, note: str = ""
) -> DossierDecision:
    """The owner resubmits a returned dossier, saying in `note` what it now holds
    (required)."""
    if not permissions.can_resubmit(actor, dossier):
        raise NotPermitted(_("Only the database owner's officials resubmit its dossiers."))
    return _take_step(actor, dossier, Move.RESUBMIT, on=on, note=note)
