"""Browser sessions noted at sign-in, seen and ended from the profile page."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit, ratelimit
from nq57.core.errors import NotPermitted

from .. import events
from ..access import Actor
from ..models import SignedInSession
from ..permissions import can_end_session

# How often a session's "last seen" is written: not on every request.
SEEN_EVERY_SECONDS = 300
SEEN_KEY = "nq57_seen_at"


def session_note_sign_in(request: HttpRequest, user: Any) -> None:
    """On sign-in (user_logged_in): note the new session, its device and address."""
    key = request.session.session_key
    if key is None or user.pk is None:
        return
    now = timezone.now()
    SignedInSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user_id": user.pk,
            "user_agent": str(request.META.get("HTTP_USER_AGENT", ""))[:300],
            "address": ratelimit.client_address(request) or None,
            "last_seen_at": now,
        },
    )
    request.session[SEEN_KEY] = now.timestamp()


def session_note_seen(request: HttpRequest) -> None:
    """Move the session's "last seen" forward, at most once every few minutes."""
    now = timezone.now()
    seen = request.session.get(SEEN_KEY)
    if seen is not None and now.timestamp() - float(seen) < SEEN_EVERY_SECONDS:
        return
    request.session[SEEN_KEY] = now.timestamp()
    SignedInSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=now)


def session_forget(request: HttpRequest, user: Any) -> None:
    """On sign-out (user_logged_out): the session is gone, so is its note."""
    key = getattr(request, "session", None) and request.session.session_key
    if key:
        SignedInSession.objects.filter(session_key=key).delete()


@transaction.atomic
def session_end(actor: Actor, *, session: SignedInSession) -> None:
    """End a session from elsewhere: its cookie no longer signs anyone in."""
    if not can_end_session(actor, session):
        raise NotPermitted(_("Only the session's user or the secretariat ends it."))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store().delete(session.session_key)
    audit.record(actor, events.SESSION_ENDED, subject=session.user, data={"id": session.pk})
    session.delete()
