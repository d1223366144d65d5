"""Limits on how often one account or one address may do something (send an item, start a
sign-in), counted in the database so that every process of the application sees the same
counts without another service to run.

`client_address(request)` is THE caller's address for every limit and lockout of the
application (the portal's submissions, sign-ins, failed passwords): it reads the
X-Forwarded-For header only when the request comes from a proxy listed in
`NQ57_TRUSTED_PROXIES`, so that behind nginx each citizen is counted on their own address
and no client can choose the address it is counted on."""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import RateHit

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# The class of the advisory locks that serialise the hits of one (scope, key); the
# indicators' writes use 5707, so the two never wait for each other.
_RATE_LOCK_CLASS = 5711


def client_address(request: HttpRequest) -> str:
    """The address of the client that made `request`: REMOTE_ADDR, or, when REMOTE_ADDR is a
    trusted proxy (`NQ57_TRUSTED_PROXIES`), the right-most address of X-Forwarded-For that is
    not one (the last hop no proxy of ours vouches for)."""
    return real_address(
        str(request.META.get("REMOTE_ADDR", "")),
        str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        trusted_networks(tuple(settings.NQ57_TRUSTED_PROXIES)),
    )


def real_address(remote: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The client's address from the connection's peer `remote` and the X-Forwarded-For
    header: the header is a list each proxy appends its peer to, so only the entries our own
    proxies added can be believed, read from the right until the first address that is not
    one of them. A client that sends the header itself only adds entries to the left."""
    if not _is_trusted(remote, trusted):
        return remote
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    last_trusted = remote
    for hop in reversed(hops):
        if not _is_valid(hop):
            # Our proxies write only addresses: past this point the header was not theirs.
            return last_trusted
        if not _is_trusted(hop, trusted):
            return str(ipaddress.ip_address(hop))
        last_trusted = str(ipaddress.ip_address(hop))
    return last_trusted


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted proxies' addresses or CIDR networks, parsed (a bare address is a network
    of one)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _is_valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _is_trusted(address: str, trusted: Iterable[Network]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped  # ::ffff:127.0.0.1 is the IPv4 loopback
    return any(parsed in network for network in trusted)


@dataclass(frozen=True)
class Limit:
    """At most `limit` attempts of `key` at `scope` per window."""

    scope: str
    key: str
    limit: int


def allow(scope: str, key: str, *, limit: int, per: timedelta) -> bool:
    """Record an attempt of `key` at `scope` and say whether it is within `limit` per `per`;
    refused attempts are not counted."""
    return allow_all([Limit(scope, key, limit)], per=per)


@transaction.atomic
def allow_all(limits: Sequence[Limit], *, per: timedelta) -> bool:
    """Record one attempt against every limit if each is within it, and say whether it was
    (an attempt refused by one limit, by the address say, is counted by none, not even by
    the account's). The attempts of one (scope, key) are serialised, so concurrent attempts
    never let more than the limit through."""
    for limit in sorted(limits, key=lambda limit: (limit.scope, limit.key)):  # no deadlock
        _serialise(limit.scope, limit.key)
    now = timezone.now()
    for limit in limits:
        recent = RateHit.objects.filter(scope=limit.scope, key=limit.key, at__gt=now - per)
        if recent.count() >= limit.limit:
            return False
    for limit in limits:
        RateHit.objects.create(scope=limit.scope, key=limit.key, at=now)
        # Old hits are of no use: drop those of this key past the window.
        RateHit.objects.filter(scope=limit.scope, key=limit.key, at__lte=now - per).delete()
    return True


def _serialise(scope: str, key: str) -> None:
    """Wait, until the transaction ends, for any other transaction counting the same
    (scope, key). On PostgreSQL a transaction-level advisory lock on a digest of the pair (two
    pairs sharing a digest only wait for each other); SQLite needs none, since every writing
    transaction holds the database's write lock from its start (BEGIN IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"{scope}\0{key}".encode(), digest_size=4).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [_RATE_LOCK_CLASS, int.from_bytes(digest, "big", signed=True)],
        )
