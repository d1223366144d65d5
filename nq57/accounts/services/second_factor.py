"""Enrolling a second factor: a TOTP device, confirmed by a first good code."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from nq57.core import audit
from nq57.core.errors import NotPermitted, ValidationFailed

from .. import events
from ..access import Actor
from ..models import User

DEVICE_NAME = "TOTP"


@transaction.atomic
def second_factor_start(actor: Actor, *, user: User) -> TOTPDevice:
    """The user's device waiting for its first code, with a fresh key unless one waits."""
    _require_self(actor, user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def second_factor_confirm(actor: Actor, *, user: User, code: str) -> TOTPDevice:
    """Confirm the waiting device with a code from the authenticator app: from then on the
    user signs in with it. A wrong code leaves the device waiting."""
    _require_self(actor, user)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationFailed(_("Start the setup again: no authenticator is waiting."))
    # Checked outside the transaction below: a wrong code's throttling must be kept, not
    # rolled back with the refusal.
    if not device.verify_token(code.strip()):
        raise ValidationFailed(
            _("That code is not right. Check the time on your phone and try the next code."),
            fields={"code": [_("Wrong code.")]},
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(actor, events.SECOND_FACTOR_ENROLLED, subject=user)
    return device


def _require_self(actor: Actor, user: User) -> None:
    if actor.pk != user.pk:
        raise NotPermitted(_("Only the account holder sets up their second factor."))
