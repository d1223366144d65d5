"""Every write of the portal: an item received, sorted, routed, accepted or sent back,
answered, refused; deadlines watched. Each runs in one transaction and records its move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import SYSTEM, Actor, user_id_of
from nq57.core.calendar import working_days_between
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.files import scan_for_viruses, sniff_type
from nq57.core.text import search_document
from nq57.core.uploads import removes_files_on_failure, stored
from nq57.orgs.models import Organization

from . import events, notify, permissions, rules
from .choices import OPEN_WITH_BODY, PROPOSALS, ItemStatus, Kind
from .models import (
    Assessment,
    Attachment,
    DeadlineRule,
    Field,
    Item,
    Rating,
    Support,
)

# What citizens may attach: documents and pictures, checked by content.
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/jpeg": "jpg",
    "image/png": "png",
}


def _publish(item: Item, *, publish: bool) -> None:
    """Fill what the public reads of the item, every field redacted, and the public search's
    words from those copies only; all empty when the item is not to be published."""
    if publish and not item.answer_private:
        original = {name: getattr(item, name) for name in rules.PUBLISHED_FIELDS}
        personal = [getattr(item, name) for name in rules.PERSONAL_FIELDS]
        copies = rules.published_copy(original, personal)
    else:
        copies = dict.fromkeys(rules.PUBLISHED_FIELDS.values(), "")
    for name, value in copies.items():
        setattr(item, name, value)
    item.search_text = search_document(" ".join(copies[name] for name in rules.SEARCHED_FIELDS))


def _record(
    item: Item,
    event: audit.EventType,
    actor: Actor,
    *,
    body: Organization | None = None,
    reason: str = "",
    suggestion: dict[str, Any] | None = None,
) -> None:
    """One move of the item in the audit trail; its public history is read from there."""
    data = {"body": body.pk if body else None, "reason": reason, "suggestion": suggestion}
    audit.record(actor, event, subject=item, data={key: v for key, v in data.items() if v})


def _attach(item: Item, files: Sequence[UploadedFile], *, with_answer: bool) -> None:
    """Check every file (count, size, type by content) before keeping any."""
    limit = settings.NQ57_FEEDBACK_MAX_FILES
    if len(files) > limit:
        message = _("At most %(n)s files.") % {"n": limit}
        raise ValidationFailed(message, fields={"attachments": [message]})
    checked = [
        (upload, sniff_type(upload, field="attachments", allowed=ATTACHMENT_TYPES))
        for upload in files
    ]
    for upload, _type in checked:
        scan_for_viruses(upload, field="attachments")
    for upload, content_type in checked:
        attachment = Attachment.objects.create(
            item=item,
            with_answer=with_answer,
            file=upload,
            name=rules.plain_text(upload.name or "file")[:255],
            content_type=content_type,
            size=upload.size or 0,
        )
        stored(attachment.file.storage, attachment.file.name)


@removes_files_on_failure
@transaction.atomic
def item_submit(
    actor: Actor,
    *,
    kind: str,
    field: Field,
    title: str,
    content: str,
    contact_name: str,
    legal_reference: str = "",
    contact_address: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    identity_number: str = "",
    answer_private: bool = False,
    attachments: Sequence[UploadedFile] = (),
    now: datetime | None = None,
    receipt_site: str | None = None,
) -> Item:
    """A signed-in sender's item: stamped on receipt, given a tracking code, kept five years.
    Every problem is reported by field; nothing is kept unless all is well. With
    `receipt_site` (the portal's address the link starts with) the sender is sent a receipt;
    the demo loader and tests pass none."""
    sender_id = user_id_of(actor)  # None for a visitor and for the system
    if sender_id is None:
        raise NotPermitted(_("Sign in to send feedback."))
    now = now or timezone.now()
    values = {
        "title": rules.plain_text(title),
        "content": rules.plain_text(content),
        "legal_reference": rules.plain_text(legal_reference),
        "contact_name": rules.plain_text(contact_name),
        "contact_address": rules.plain_text(contact_address),
        "contact_phone": rules.plain_text(contact_phone),
        "contact_email": contact_email.strip(),
        "identity_number": identity_number.strip(),
    }
    _check_submission(values, kind=kind, field=field)
    item = Item(
        tracking_code=rules.new_tracking_code(),
        kind=kind,
        field=field,
        sender_id=sender_id,
        answer_private=answer_private,
        received_at=now,
        keep_until=rules.keep_until(timezone.localdate(now)),
        **values,
    )
    item.full_clean(exclude=["sender", "field"])
    item.save()
    _attach(item, attachments, with_answer=False)
    _record(item, events.ITEM_SUBMITTED, actor)
    if receipt_site is not None:
        link = receipt_site + reverse("feedback:mine_item", args=[item.tracking_code])
        transaction.on_commit(partial(notify.receipt.enqueue, item.pk, link))
    return item


def _check_submission(values: dict[str, str], *, kind: str, field: Field) -> None:
    """Refuse an item missing its title, content or sender's name, of an unknown kind or a
    retired field, with no way to reach the sender, or with a malformed identity number."""
    errors: dict[str, list[str]] = {}
    for name in ("title", "content", "contact_name"):
        if not values[name]:
            errors[name] = [_("This field is required.")]
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a kind.")]
    if not field.is_active:
        errors["field"] = [_("This field is no longer in use.")]
    if not rules.reachable(values["contact_phone"], values["contact_email"]):
        errors["contact_phone"] = [_("Give a phone number or an e-mail address.")]
    number = values["identity_number"]
    if number and not (number.isdigit() and len(number) in (9, 12)):
        errors["identity_number"] = [_("An identity number has 9 or 12 digits.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], fields=errors)


def deadline_days(kind: str) -> int:
    rule = DeadlineRule.objects.filter(kind=kind).first()
    return rule.working_days if rule else rules.DEFAULT_WORKING_DAYS


def _locked(item: Item) -> Item:
    # Only the item is locked: its body, being optional, is an outer join PostgreSQL will not
    # lock.
    return Item.objects.select_for_update(of=("self",)).select_related("body").get(pk=item.pk)


@transaction.atomic
def item_route(
    actor: Actor,
    *,
    item: Item,
    body: Organization,
    today: date,
    field: Field | None = None,
    suggestion: dict[str, Any] | None = None,
) -> Item:
    """The secretariat sends a sorted item to the body that must answer it, due in the kind's
    working days (15 unless set); the suggestion shown is kept, and whether it was followed."""
    if not permissions.can_triage(actor):
        raise NotPermitted(_("Only the secretariat sorts items."))
    item = _locked(item)
    if item.status != ItemStatus.RECEIVED:
        raise InvalidTransition(_("Only an item waiting to be sorted can be routed."))
    if field is not None:
        item.field = field
    item.status, item.body, item.routed_on = ItemStatus.ROUTED, body, today
    item.due_on = rules.answer_due(today, deadline_days(item.kind))
    item.reminded_on = item.escalated_on = None
    item.save()
    if suggestion is not None:
        suggestion = {**suggestion, "followed": suggestion["bodies"][:1] == [body.code]}
    _record(item, events.ITEM_ROUTED, actor, body=body, suggestion=suggestion)
    return item


@transaction.atomic
def item_refuse(actor: Actor, *, item: Item, reason: str) -> Item:
    """Outside the portal's scope (complaints and denunciations have their own channels)."""
    if not permissions.can_triage(actor):
        raise NotPermitted(_("Only the secretariat sorts items."))
    if not reason.strip():
        raise ValidationFailed(_("Give the reason."), fields={"reason": [_("Give the reason.")]})
    item = _locked(item)
    if item.status != ItemStatus.RECEIVED:
        raise InvalidTransition(_("Only an item waiting to be sorted can be refused."))
    item.status = ItemStatus.REFUSED
    item.save()
    _record(item, events.ITEM_REFUSED, actor, reason=rules.plain_text(reason))
    return item


@transaction.atomic
def item_accept(actor: Actor, *, item: Item) -> Item:
    """The body takes the item on."""
    item = _locked(item)
    if not permissions.can_handle(actor, item):
        raise NotPermitted(_("Only the responsible body handles this item."))
    if item.status != ItemStatus.ROUTED:
        raise InvalidTransition(_("Only an item sent to you can be accepted."))
    item.status = ItemStatus.HANDLING
    item.save()
    _record(item, events.ITEM_ACCEPTED, actor, body=item.body)
    return item


@transaction.atomic
def item_decline(actor: Actor, *, item: Item, reason: str) -> Item:
    """ "Not ours": back to sorting with the reason; twice, and the secretariat sees it first."""
    item = _locked(item)
    if not permissions.can_handle(actor, item):
        raise NotPermitted(_("Only the responsible body handles this item."))
    if not reason.strip():
        raise ValidationFailed(_("Give the reason."), fields={"reason": [_("Give the reason.")]})
    if item.status not in OPEN_WITH_BODY:
        raise InvalidTransition(_("This item is not with your organisation."))
    body = item.body
    item.status, item.body, item.due_on, item.routed_on = ItemStatus.RECEIVED, None, None, None
    item.bounces += 1
    item.save()
    _record(item, events.ITEM_DECLINED, actor, body=body, reason=rules.plain_text(reason))
    return item


@removes_files_on_failure
@transaction.atomic
def item_answer(
    actor: Actor,
    *,
    item: Item,
    text: str,
    publish: bool,
    attachments: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Item:
    """The body's answer; published with personal data removed unless the sender asked to
    keep it private or the body chose not to."""
    item = _locked(item)
    if not permissions.can_handle(actor, item):
        raise NotPermitted(_("Only the responsible body handles this item."))
    if item.status not in OPEN_WITH_BODY:
        raise InvalidTransition(_("This item is not waiting for your answer."))
    answer = rules.plain_text(text)
    if not answer:
        raise ValidationFailed(_("Write the answer."), fields={"text": [_("Write the answer.")]})
    item.status, item.answer, item.answered_at = ItemStatus.ANSWERED, answer, now or timezone.now()
    _publish(item, publish=publish)
    item.save()
    _attach(item, attachments, with_answer=True)
    _record(item, events.ITEM_ANSWERED, actor, body=item.body)
    transaction.on_commit(partial(notify.answered.enqueue, item.pk))
    return item


REMIND_WORKING_DAYS = 3


@transaction.atomic
def deadlines_watch(today: date) -> dict[str, int]:
    """Daily: remind the body of an answer due within three working days, once; raise an
    item whose deadline has passed to the body's parent and the secretariat, once."""
    open_items = Item.objects.select_for_update(of=("self",)).filter(
        status__in=OPEN_WITH_BODY, due_on__isnull=False
    )
    reminded = escalated = 0
    for item in open_items.filter(escalated_on__isnull=True).select_related("body"):
        assert item.due_on is not None  # nosec B101  # narrows a type for mypy; no check rests on it
        if item.due_on < today:
            item.escalated_on = today
            item.save(update_fields=["escalated_on", "updated_at"])
            _record(item, events.ITEM_ESCALATED, SYSTEM, body=item.body)
            transaction.on_commit(partial(notify.deadline_passed.enqueue, item.pk))
            escalated += 1
        elif item.reminded_on is None and working_days_between(today, item.due_on) <= (
            REMIND_WORKING_DAYS
        ):
            item.reminded_on = today
            item.save(update_fields=["reminded_on", "updated_at"])
            _record(item, events.ITEM_REMINDED, SYSTEM, body=item.body)
            transaction.on_commit(partial(notify.deadline_reminder.enqueue, item.pk))
            reminded += 1
    return {"reminded": reminded, "escalated": escalated}


@transaction.atomic
def item_rate(actor: Actor, *, item: Item, resolved: bool, satisfaction: int) -> Rating:
    """The sender rates the answer (and may change the rating)."""
    if actor.pk != item.sender_id:
        raise NotPermitted(_("Only the sender rates the answer."))
    if item.status != ItemStatus.ANSWERED:
        raise InvalidTransition(_("There is no answer to rate yet."))
    if not 1 <= satisfaction <= 5:
        message = _("Choose from 1 to 5.")
        raise ValidationFailed(message, fields={"satisfaction": [message]})
    rating, _created = Rating.objects.update_or_create(
        item=item, defaults={"resolved": resolved, "satisfaction": satisfaction}
    )
    return rating


@transaction.atomic
def item_support(actor: Actor, *, item: Item) -> bool:
    """A signed-in person backs a published item; a second time changes nothing. Whether it
    counted."""
    if not actor.is_authenticated or actor.pk is None:
        raise NotPermitted(_("Sign in to support an item."))
    if item.status != ItemStatus.ANSWERED or not item.public_answer:
        raise InvalidTransition(_("Only published items can be supported."))
    _support, created = Support.objects.get_or_create(item=item, user=actor)
    return created


@transaction.atomic
def item_merge(actor: Actor, *, item: Item, into: Item) -> Item:
    """A duplicate joins the item it repeats: it is answered with it, and its sender told."""
    if not permissions.can_triage(actor):
        raise NotPermitted(_("Only the secretariat sorts items."))
    item = _locked(item)
    if item.pk == into.pk or into.status in (ItemStatus.REFUSED, ItemStatus.MERGED):
        raise InvalidTransition(_("Merge into another item that is still open or answered."))
    if item.status != ItemStatus.RECEIVED:
        raise InvalidTransition(_("Only an item waiting to be sorted can be merged."))
    item.status, item.duplicate_of = ItemStatus.MERGED, into
    item.save()
    _record(item, events.ITEM_MERGED, actor, reason=into.tracking_code)
    return item


@transaction.atomic
def initiative_assess(
    actor: Actor,
    *,
    item: Item,
    novelty: int,
    feasibility: int,
    impact: int,
    comment: str = "",
) -> Assessment:
    """A reviewer of the responsible body (or the secretariat) assesses an initiative or a
    solution; assessing again replaces one's own assessment."""
    if item.kind not in PROPOSALS:
        raise InvalidTransition(_("Only initiatives and solutions are assessed."))
    if not (permissions.can_handle(actor, item) or permissions.can_triage(actor)):
        raise NotPermitted(_("Only the responsible body handles this item."))
    marks = {"novelty": novelty, "feasibility": feasibility, "impact": impact}
    message = _("Choose from 1 to 5.")
    wrong = {name: [message] for name, value in marks.items() if not 1 <= value <= 5}
    if wrong:
        raise ValidationFailed(message, fields=wrong)
    assessment, _created = Assessment.objects.update_or_create(
        item=item,
        reviewer=actor,
        defaults={**marks, "comment": rules.plain_text(comment)},
    )
    _record(item, events.PROPOSAL_ASSESSED, actor, body=item.body)
    return assessment


@transaction.atomic
def initiative_decide(
    actor: Actor,
    *,
    item: Item,
    adopt: bool,
    today: date,
    program: Any = None,
    lead_org: Organization | None = None,
    deadline: date | None = None,
    responsible_person: str = "",
    expected_product: str = "",
) -> Item:
    """The responsible body decides on an initiative or a solution; adopted, it becomes a
    task assigned by that body, linked both ways (the task's `initiatives`, the item's
    `task`)."""
    from nq57.tasks import services as task_services

    item = _locked(item)
    if item.kind not in PROPOSALS:
        raise InvalidTransition(_("Only initiatives and solutions are decided on."))
    if not permissions.can_decide(actor, item):
        raise NotPermitted(_("Only the responsible body's approvers decide."))
    if item.decision:
        raise InvalidTransition(_("This initiative has been decided on already."))
    if adopt:
        assert item.body is not None  # nosec B101  # narrows a type for mypy; no check rests on it
        item.task = task_services.task_create(
            actor,
            program=program,
            code=f"SK-{item.tracking_code[3:]}",
            title=item.title,
            description=item.content,
            lead_org=lead_org or item.body,
            assigned_by=item.body,
            assigned_on=today,
            deadline=deadline,
            responsible_person=responsible_person,
            expected_product=expected_product,
        )
    item.decision = "adopted" if adopt else "rejected"
    item.decided_at = timezone.now()
    item.save()
    event = events.PROPOSAL_ADOPTED if adopt else events.PROPOSAL_NOT_ADOPTED
    _record(item, event, actor, body=item.body)
    return item
