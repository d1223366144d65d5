"""Data-subject requests: filed by the person, answered (a copy at once; a correction or a
deletion by the secretariat) or refused with the reason."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.accounts.models import User
from nq57.core import audit
from nq57.core.actors import SYSTEM, Actor, user_id_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.locking import reread_for_update
from nq57.feedback import events as feedback_events
from nq57.feedback.models import Item
from nq57.feedback.retention import item_personal_data_remove

from .. import events, permissions, rules
from ..choices import RequestKind, RequestStatus
from ..models import DataRequest
from ..selectors import kept_items

# What a correction may change: on the account, and on an item's contact (the words the
# handler picks, and the model field each is).
CORRECTABLE: dict[str, dict[str, str]] = {
    "account": {"name": "full_name", "email": "email"},
    "item": {
        "name": "contact_name",
        "address": "contact_address",
        "phone": "contact_phone",
        "email": "contact_email",
        "identity_number": "identity_number",
    },
}


@transaction.atomic
def data_request_file(
    actor: Actor,
    *,
    kind: str,
    item_code: str = "",
    wrong: str = "",
    wanted: str = "",
    now: datetime | None = None,
) -> DataRequest:
    """A signed-in person's request about their own data, due NQ57_DATA_REQUEST_HOURS after
    receipt. A copy is answered at once: the system builds it from what it holds."""
    requester_id = user_id_of(actor)
    if requester_id is None:
        raise NotPermitted(_("Sign in to make a request about your personal data."))
    if kind not in RequestKind.values:
        raise ValidationFailed(_("Choose a request."), fields={"kind": [_("Choose a request.")]})
    item = None
    if item_code:
        item = Item.objects.filter(sender_id=requester_id, tracking_code=item_code).first()
        if item is None:
            message = _("You sent no item with this tracking code.")
            raise ValidationFailed(message, fields={"item": [message]})
    wrong, wanted = wrong.strip(), wanted.strip()
    if kind == RequestKind.CORRECTION and not (wrong and wanted):
        message = _("Say what is wrong and what it should be.")
        fields = {
            name: [message] for name, text in (("wrong", wrong), ("wanted", wanted)) if not text
        }
        raise ValidationFailed(message, fields=fields)
    now = now or timezone.now()
    request = DataRequest.objects.create(
        requester_id=requester_id,
        kind=kind,
        item=item,
        wrong=wrong if kind == RequestKind.CORRECTION else "",
        wanted=wanted if kind == RequestKind.CORRECTION else "",
        received_at=now,
        due_at=rules.request_due(now, settings.NQ57_DATA_REQUEST_HOURS),
    )
    audit.record(actor, events.REQUEST_FILED, subject=request, data={"kind": kind})
    if kind == RequestKind.COPY:
        _close(SYSTEM, request, RequestStatus.ANSWERED, "", now)
    return request


@transaction.atomic
def data_request_correct(
    actor: Actor, *, request: DataRequest, target: str, field: str, value: str
) -> DataRequest:
    """Apply an open correction request to the requester's account (`target` "account") or
    to one of their items (its tracking code); the old and new values are audited."""
    request = _open_request(actor, request)
    if request.kind != RequestKind.CORRECTION:
        raise InvalidTransition(_("Only a correction request corrects data."))
    record: User | Item
    if target == "account":
        record = reread_for_update(request.requester)
        names = CORRECTABLE["account"]
    else:
        found = Item.objects.filter(sender_id=request.requester_id, tracking_code=target).first()
        if found is None:
            raise ValidationFailed(_("Choose the account or one of the requester's items."))
        record = reread_for_update(found)
        if record.personal_data_removed_on is not None:
            raise InvalidTransition(_("This item's personal data were removed."))
        names = CORRECTABLE["item"]
    if field not in names:
        message = _("This detail cannot be corrected there.")
        raise ValidationFailed(message, fields={"field": [message]})
    name, value = names[field], value.strip()
    try:
        # CORRECTABLE names plain fields, never relations.
        model_field = cast("models.Field[Any, Any]", type(record)._meta.get_field(name))
        value = model_field.clean(value, record)
    except ValidationError as problem:
        raise ValidationFailed(problem.messages[0], fields={"value": problem.messages}) from None
    old = getattr(record, name)
    setattr(record, name, value)
    record.save(update_fields=[name])
    audit.record(
        actor,
        events.DATA_CORRECTED,
        subject=request,
        changes={f"{target}.{name}": [old, value]},
    )
    return request


@transaction.atomic
def data_request_answer(
    actor: Actor, *, request: DataRequest, answer: str, now: datetime | None = None
) -> DataRequest:
    """Answer an open request. Answering a deletion grants it: the requester's personal data
    are removed from the items it names (all of them and the account's name and e-mail when
    it names none) by the retention job's own removal, unless one is still being handled."""
    request = _open_request(actor, request)
    now = now or timezone.now()
    if request.kind == RequestKind.DELETION:
        _erase(actor, request, timezone.localdate(now))
    return _close(actor, request, RequestStatus.ANSWERED, answer.strip(), now)


@transaction.atomic
def data_request_refuse(
    actor: Actor, *, request: DataRequest, reason: str, now: datetime | None = None
) -> DataRequest:
    """Refuse an open request; the reason is required and the requester reads it."""
    request = _open_request(actor, request)
    if not reason.strip():
        message = _("Give the reason for refusing.")
        raise ValidationFailed(message, fields={"reason": [message]})
    return _close(actor, request, RequestStatus.REFUSED, reason.strip(), now or timezone.now())


def _open_request(actor: Actor, request: DataRequest) -> DataRequest:
    if not permissions.can_handle_data_requests(actor):
        raise NotPermitted(_("Only the secretariat handles personal-data requests."))
    request = reread_for_update(request, "requester")
    if not request.is_open:
        raise InvalidTransition(_("This request has already been answered."))
    return request


def _close(
    actor: Actor, request: DataRequest, status: str, answer: str, now: datetime
) -> DataRequest:
    request.status, request.answer, request.answered_at = status, answer, now
    request.answered_by_id = user_id_of(actor)
    request.save(update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"])
    event = events.REQUEST_ANSWERED if status == RequestStatus.ANSWERED else events.REQUEST_REFUSED
    data: dict[str, Any] = {"answer": answer} if answer else {}
    audit.record(actor, event, subject=request, data=data)
    return request


def _erase(actor: Actor, request: DataRequest, today: date) -> None:
    kept = kept_items(request)
    if kept:
        codes = ", ".join(item.tracking_code for item in kept)
        raise InvalidTransition(
            _(
                "The law requires items still being handled to be kept (%(codes)s): "
                "refuse the request with that reason."
            )
            % {"codes": codes}
        )
    items = Item.objects.select_for_update(of=("self",)).filter(
        sender_id=request.requester_id, personal_data_removed_on__isnull=True
    )
    if request.item_id is not None:
        items = items.filter(pk=request.item_id)
    for item in items.order_by("pk"):
        item_personal_data_remove(
            actor, item=item, today=today, event=feedback_events.PERSONAL_DATA_ERASED
        )
    if request.item_id is None:
        # The account's sign-in identifier stays: it is how the person signs in again.
        requester = request.requester
        requester.full_name, requester.email = "", ""
        requester.save(update_fields=["full_name", "email"])
