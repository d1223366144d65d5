"""Retention of what sign-in leaves behind (`core/data/processing.json`): the user's list of
signed-in sessions and django-axes' records of sign-ins, each deleted once past the days the
record of processing gives it. Password resets store nothing (Django's tokens are signed and
expire by themselves), so they need no rule."""

from __future__ import annotations

from datetime import date

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction

from nq57.core import retention

from .models import SignedInSession


def _days(category: str) -> int:
    days = retention.activity(category).retention_days
    if days is None:
        raise ValueError(f"processing.json: {category} has no retention_days")
    return days


@transaction.atomic
def signed_in_sessions_expire(today: date) -> int:
    """Delete the sessions noted at sign-in and not used for a year (their browser session
    expired long before); the number deleted."""
    before = retention.cutoff(today, _days("signed_in_sessions"))
    deleted, _by_model = SignedInSession.objects.filter(last_seen_at__lt=before).delete()
    return deleted


@transaction.atomic
def sign_in_records_expire(today: date) -> int:
    """Delete axes' attempts, failures and sign-in logs older than their 90 days (a lockout
    lasts minutes, so none still counts); the number deleted."""
    before = retention.cutoff(today, _days("sign_in_records"))
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        # Count the model's own rows, not what cascades with them (attempts' expiry dates).
        _total, by_model = model.objects.filter(attempt_time__lt=before).delete()
        deleted += by_model.get(model._meta.label, 0)
    return deleted


retention.register("signed_in_sessions", signed_in_sessions_expire)
retention.register("sign_in_records", sign_in_records_expire)
