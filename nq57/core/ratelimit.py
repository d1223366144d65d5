"""Limits on how often one account or one address may do something (send an item, start a
sign-in), counted in the database so that every process of the application sees the same
counts without another service to run."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import RateHit


def client_address(request: HttpRequest) -> str:
    """The caller's address as the server saw it (behind a proxy, configure it to pass the
    real one as REMOTE_ADDR)."""
    return str(request.META.get("REMOTE_ADDR", ""))


@transaction.atomic
def allow(scope: str, key: str, *, limit: int, per: timedelta) -> bool:
    """Record an attempt of `key` at `scope` and say whether it is within `limit` per `per`;
    refused attempts are not counted."""
    now = timezone.now()
    recent = RateHit.objects.filter(scope=scope, key=key, at__gt=now - per)
    if recent.count() >= limit:
        return False
    RateHit.objects.create(scope=scope, key=key, at=now)
    # Old hits are of no use: drop those of this key past the window.
    RateHit.objects.filter(scope=scope, key=key, at__lte=now - per).delete()
    return True
