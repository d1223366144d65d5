"""Reads of one's own account: live sessions and API tokens, for the profile page; one's
calendar link, for the calendar page."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .access import Actor
from .models import ApiToken, CalendarFeed, SignedInSession


def sessions_of(actor: Actor) -> QuerySet[SignedInSession]:
    """The actor's sessions that still sign them in, most recently seen first."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignedInSession.objects.filter(user_id=_pk(actor), session_key__in=live).order_by(
        "-last_seen_at"
    )


def tokens_of(actor: Actor) -> QuerySet[ApiToken]:
    """The actor's API tokens, revoked and expired ones included (so they can be told
    apart), newest first."""
    return ApiToken.objects.filter(user_id=_pk(actor)).order_by("-created_at")


def calendar_feed_of(actor: Actor) -> CalendarFeed | None:
    """The actor's calendar link (its dates: the secret itself is never kept), if any."""
    return CalendarFeed.objects.filter(user_id=_pk(actor)).first()


def get_session_for_user(actor: Actor, pk: int) -> SignedInSession:
    """One of the actor's own sessions, or 404."""
    return get_object_or_404(SignedInSession, pk=pk, user_id=_pk(actor))


def get_token_for_user(actor: Actor, pk: int) -> ApiToken:
    """One of the actor's own tokens, or 404."""
    return get_object_or_404(ApiToken, pk=pk, user_id=_pk(actor))


def _pk(actor: Actor) -> int:
    # Visitors and the system own no session or token: an id no row has.
    return actor.pk if actor.pk is not None else 0
