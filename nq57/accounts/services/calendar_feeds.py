"""The private link to one's calendar of deadlines: created (and re-created, which revokes
the earlier one) by its holder; only the hash of its secret is stored."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.errors import NotPermitted

from .. import events
from ..access import Actor
from ..models import CalendarFeed, User, hash_token
from ..permissions import can_create_calendar_feed


@transaction.atomic
def calendar_feed_create(actor: Actor, *, user: User) -> tuple[CalendarFeed, str]:
    """A new calendar link for `user`; the secret is returned once and never stored. One
    link a user: an earlier one is replaced, so its secret no longer opens anything."""
    if not can_create_calendar_feed(actor, user):
        raise NotPermitted(_("Only its holder creates a calendar link."))
    secret = CalendarFeed.new_secret()
    # An upsert on the one-to-one: two clicks at once leave one row, the later secret.
    feed, created = CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"digest": hash_token(secret), "created_at": timezone.now(), "last_used_at": None},
    )
    audit.record(actor, events.CALENDAR_FEED_CREATED, subject=user, data={"replaced": not created})
    return feed, secret


# How precisely a link's last use is kept: a calendar program polls every few minutes, and
# recording each poll would turn a read into a write on the primary.
LAST_USE_PRECISION = timedelta(hours=1)


def calendar_feed_open(secret: str) -> User | None:
    """The active user whose calendar link this secret is, noting when it was last used; None
    for an unknown, replaced or empty secret, or a user no longer active."""
    if not secret:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(digest=hash_token(secret), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USE_PRECISION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
