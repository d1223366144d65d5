"""Reading one's notices and notification choices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .kinds import render
from .models import Delivery, Notice, Preferences

DEFAULT_DEADLINE_DAYS = (7, 1)
DEFAULT_SILENCE_DAYS = 7


@dataclass(frozen=True)
class Choices:
    """How a user wants to be told (the defaults when they never chose)."""

    delivery: str
    deadline_days: tuple[int, ...]
    silence_days: int


DEFAULT_CHOICES = Choices(Delivery.IMMEDIATE, DEFAULT_DEADLINE_DAYS, DEFAULT_SILENCE_DAYS)


def choices_of(user_id: int) -> Choices:
    row = Preferences.objects.filter(user_id=user_id).first()
    return choices_from(row)


def choices_from(row: Preferences | None) -> Choices:
    if row is None:
        return DEFAULT_CHOICES
    return Choices(row.delivery, tuple(row.deadline_days), row.silence_days)


def choices_by_user(user_ids: set[int]) -> dict[int, Choices]:
    """Everyone's choices at once (a daily job's many recipients): one query."""
    rows = {row.user_id: row for row in Preferences.objects.filter(user_id__in=list(user_ids))}
    return {uid: choices_from(rows.get(uid)) for uid in user_ids}


def deadline_days_in_use() -> set[int]:
    """Every number of days before a deadline someone asked to be reminded (and the default)."""
    days = set(DEFAULT_DEADLINE_DAYS)
    for chosen in Preferences.objects.values_list("deadline_days", flat=True):
        days.update(int(d) for d in chosen)
    return days


def silence_days_in_use() -> set[int]:
    """Every number of days without a report after which someone asked to be reminded."""
    return {DEFAULT_SILENCE_DAYS, *Preferences.objects.values_list("silence_days", flat=True)}


def notices_of(user_id: int) -> QuerySet[Notice]:
    """The user's notices, newest first."""
    return Notice.objects.filter(recipient_id=user_id).order_by("-created_at", "-pk")


def unread_of(user_id: int) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient_id=user_id, read_at__isnull=True)


def sentence(notice: Notice) -> str:
    return render(notice.kind, notice.params)
