"""Who must show a second factor (TOTP, django-otp) and whether this session has."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login

from .access import needs_second_factor

# Whether the signed-in user has enrolled a device, noted in the session at sign-in so that
# pages do not ask the database on every request; enrolling sets it too.
ENROLLED_KEY = "nq57_second_factor_enrolled"


def remember_enrolment(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """On sign-in (user_logged_in): note in the new session whether the user has a device."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_KEY] = bool(user_has_device(user, confirmed=True))


def is_required(request: HttpRequest) -> bool:
    """Asked of those who decide when NQ57_REQUIRE_2FA is on, and of anyone who enrolled."""
    user = request.user
    if not user.is_authenticated:
        return False
    if settings.NQ57_REQUIRE_2FA and needs_second_factor(user):
        return True
    enrolled = request.session.get(ENROLLED_KEY)
    if enrolled is None:
        enrolled = request.session[ENROLLED_KEY] = bool(user_has_device(user, confirmed=True))
    return bool(enrolled)


def is_verified(user: Any) -> bool:
    """Whether this session's sign-in was completed with a second factor (OTPMiddleware
    gives the user `is_verified`; a user authenticated otherwise has not)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def is_due(request: HttpRequest) -> bool:
    """The second factor is required and not yet verified in this session."""
    return is_required(request) and not is_verified(request.user)


def verify(request: HttpRequest, code: str) -> bool:
    """Check a code against the signed-in user's devices; a good one completes this
    session's sign-in. Wrong codes are throttled per device (django-otp)."""
    for device in devices_for_user(request.user, confirmed=True):
        if device.verify_token(code.strip()):
            otp_login(request, device)
            return True
    return False
