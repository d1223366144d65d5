"""Saving a page form once. Each form carries a fresh key (a UUID) in a hidden field; the
write runs in one transaction with the insert of (user, key). A second submission with the
same key — a double click, the browser resending the page — fails that insert (waiting, if
the first is still running, until it commits) and saves nothing: it is sent where the first
one led. A first submission that fails takes its key with it, so the corrected form can be
sent again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import FormSubmission

Result = TypeVar("Result")
FIELD = "submission_key"
# Kept long enough for any resend of a page; then deleted by the hourly job.
KEPT = timedelta(days=1)


def new_key() -> str:
    return str(uuid.uuid4())


def key_of(value: object) -> uuid.UUID | None:
    """The key a form sent, or None (an old page, an API client, anything not a UUID)."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Saved(Generic[Result]):
    """What a submission did: its `result` when it wrote; when it `repeated` an earlier one,
    nothing, and where that one led."""

    result: Result | None
    repeated: bool = False
    earlier_target: str = ""


def save_once(
    user_id: int | None,
    key: uuid.UUID | None,
    write: Callable[[], Result],
    target_of: Callable[[Result], str],
) -> Saved[Result]:
    """Run `write` unless this user's `key` was saved already; without a user or a key, just
    run it."""
    if user_id is None or key is None:
        return Saved(write())
    try:
        with transaction.atomic():
            row = FormSubmission.objects.create(user_id=user_id, key=key)
            result = write()
            row.target = target_of(result)[:500]
            row.save(update_fields=["target"])
            return Saved(result)
    except IntegrityError:
        earlier = FormSubmission.objects.filter(user_id=user_id, key=key).first()
        if earlier is None:  # the write's own integrity error, not a repeat
            raise
        return Saved(None, repeated=True, earlier_target=earlier.target)


def expire_keys() -> int:
    """Delete the keys older than KEPT; how many."""
    deleted, _ = FormSubmission.objects.filter(created_at__lt=timezone.now() - KEPT).delete()
    return deleted
