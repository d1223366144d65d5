"""Limits on how often one account or one address may do something (send an item, start a
sign-in), counted in the database so that every process of the application sees the same
counts without another service to run."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import RateHit


def client_address(request: HttpRequest) -> str:
    """The caller's real address: REMOTE_ADDR, unless it is one of the trusted reverse
    proxies (NQ57_TRUSTED_PROXIES), in which case the right-most address of
    X-Forwarded-For that is not itself a trusted proxy (the left-hand entries are whatever
    the client chose to send, so they are never believed)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = _trusted_networks(tuple(settings.NQ57_TRUSTED_PROXIES))
    if not _is_within(remote, trusted):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",")]
    nearest = remote
    for hop in reversed([hop for hop in hops if hop]):
        if not _is_address(hop):
            break  # a proxy we trust never writes this: stop at the last address we believe
        if not _is_within(hop, trusted):
            return hop
        nearest = hop
    return nearest


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_within(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    if not networks or not _is_address(address):
        return False
    parsed = ipaddress.ip_address(address)
    return any(parsed in network for network in networks)


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
