"""Every read of the privacy app: one's own requests, the handlers' queue, the copy of a
person's data, the breach register with its clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from nq57.accounts.models import User
from nq57.core.actors import Actor, user_id_of
from nq57.core.paging import CountedPaginator
from nq57.feedback.choices import ItemStatus
from nq57.feedback.models import Attachment, Item

from . import permissions, rules
from .choices import RequestKind, RequestStatus
from .models import Breach, DataRequest

QUEUE_PAGE_SIZE = 50
# An item still being handled is kept whole: the law requires the record while it is open.
STILL_HANDLED = (ItemStatus.RECEIVED, ItemStatus.ROUTED, ItemStatus.HANDLING)


def requests_of(actor: Actor) -> QuerySet[DataRequest]:
    """The actor's own requests, newest first (none for a visitor or the system)."""
    requester_id = user_id_of(actor)
    if requester_id is None:
        return DataRequest.objects.none()
    return (
        DataRequest.objects.filter(requester_id=requester_id)
        .select_related("item")
        .order_by("-received_at", "-pk")
    )


def get_request_for_user(actor: Actor, pk: int) -> DataRequest:
    """A request for the person who made it and those who handle it; 404 for anyone else."""
    request = DataRequest.objects.select_related("requester", "item").filter(pk=pk).first()
    if request is None or not permissions.can_see_data_request(actor, request):
        raise Http404
    return request


@dataclass(frozen=True)
class RequestQueue:
    """The handlers' page of requests (open first, the nearest due first) and the counts of
    the whole list: every request, the open ones, the overdue ones."""

    page: Page[DataRequest]
    total: int
    open: int
    overdue: int


def request_queue(actor: Actor, *, at: datetime, page: Any = 1) -> RequestQueue:
    """Every request for those who handle them (404 for anyone else)."""
    if not permissions.can_handle_data_requests(actor):
        raise Http404
    is_open = Q(status=RequestStatus.RECEIVED)
    counts = DataRequest.objects.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_open & Q(due_at__lt=at)),
    )
    open_first = Case(When(is_open, then=Value(0)), default=Value(1))
    rows = DataRequest.objects.select_related("requester", "item").order_by(
        open_first.asc(), "due_at", "-received_at", "-pk"
    )
    # Counted above with the open and overdue: the rows are not counted again.
    paginator = CountedPaginator(rows, QUEUE_PAGE_SIZE, count=counts["total"])
    return RequestQueue(
        paginator.get_page(page), counts["total"], counts["open"], counts["overdue"]
    )


def is_overdue(request: DataRequest, at: datetime) -> bool:
    return rules.request_overdue(request.due_at, is_open=request.is_open, at=at)


def kept_items(request: DataRequest) -> list[Item]:
    """The items a deletion would reach that must be kept: those still being handled."""
    items = Item.objects.filter(sender_id=request.requester_id, status__in=STILL_HANDLED)
    if request.item_id is not None:
        items = items.filter(pk=request.item_id)
    return list(items.order_by("received_at"))


def items_of_requester(request: DataRequest) -> list[Item]:
    """The requester's items, newest first (what a handler corrects or deletes in)."""
    return list(
        Item.objects.filter(sender_id=request.requester_id)
        .order_by("-received_at")
        .only("tracking_code", "title", "status", "received_at", "personal_data_removed_on")
    )


def copy_request(actor: Actor, pk: int) -> DataRequest:
    """An answered copy request of the actor's own (404 otherwise: the copy is theirs)."""
    request = get_request_for_user(actor, pk)
    if (
        request.requester_id != user_id_of(actor)
        or request.kind != RequestKind.COPY
        or request.status != RequestStatus.ANSWERED
    ):
        raise Http404
    return request


def personal_data_copy(request: DataRequest, *, at: datetime) -> dict[str, Any]:
    """Everything the system holds about the requester, built at `at`: their account, every
    item they sent with its contact details and its attachments' names, their requests."""
    user = User.objects.get(pk=request.requester_id)
    items = (
        Item.objects.filter(sender_id=user.pk)
        .select_related("field")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("received_at")
    )
    return {
        "generated_at": at.isoformat(),
        "account": {
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "items": [_item_copy(item) for item in items],
        "requests": [
            {
                "id": own.pk,
                "kind": own.kind,
                "status": own.status,
                "received_at": own.received_at.isoformat(),
                "wrong": own.wrong,
                "wanted": own.wanted,
                "answer": own.answer,
            }
            for own in DataRequest.objects.filter(requester_id=user.pk).order_by("pk")
        ],
    }


def _item_copy(item: Item) -> dict[str, Any]:
    return {
        "tracking_code": item.tracking_code,
        "kind": item.kind,
        "field": item.field.code,
        "title": item.title,
        "content": item.content,
        "legal_reference": item.legal_reference,
        "contact_name": item.contact_name,
        "contact_address": item.contact_address,
        "contact_phone": item.contact_phone,
        "contact_email": item.contact_email,
        "identity_number": item.identity_number,
        "answer_private": item.answer_private,
        "received_at": item.received_at.isoformat(),
        "status": item.status,
        "answer": item.answer,
        "personal_data_removed_on": (
            item.personal_data_removed_on.isoformat() if item.personal_data_removed_on else None
        ),
        "attachments": [
            {"name": attachment.name, "with_answer": attachment.with_answer}
            for attachment in item.attachments.all()
        ],
    }


@dataclass(frozen=True)
class BreachRow:
    breach: Breach
    clock: rules.ClockReading

    @property
    def deadline(self) -> datetime:
        return rules.notification_deadline(self.breach.discovered_at)


def breach_register(actor: Actor, *, at: datetime) -> list[BreachRow]:
    """Every breach, the latest discovered first, with its clock at `at` (404 for anyone
    but the secretariat and the inspectors)."""
    if not permissions.can_read_breach_register(actor):
        raise Http404
    return [_row(breach, at) for breach in Breach.objects.order_by("-discovered_at", "-pk")]


def get_breach_for_user(actor: Actor, pk: int, *, at: datetime) -> BreachRow:
    """One breach with its clock, for those who may read the register; 404 otherwise."""
    if not permissions.can_read_breach_register(actor):
        raise Http404
    breach = Breach.objects.filter(pk=pk).first()
    if breach is None:
        raise Http404
    return _row(breach, at)


def _row(breach: Breach, at: datetime) -> BreachRow:
    return BreachRow(breach, rules.clock_at(breach.discovered_at, breach.notified_at, at))
