"""An official's own contact details: name, position, phone, e-mail."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import user_id_of
from nq57.core.errors import NotPermitted, ValidationFailed

from .. import events
from ..access import Actor
from ..models import User

# Digits, spaces, dots, dashes, brackets and a leading +: "024 3825 2222", "+84 912 345 678".
PHONE = re.compile(r"^\+?[0-9 .()\-]{6,30}$")


@transaction.atomic
def profile_update(
    actor: Actor, *, user: User, full_name: str, position: str, phone: str, email: str
) -> User:
    """One's own details (nobody changes another's here); audited with what changed."""
    if user_id_of(actor) != user.pk:
        raise NotPermitted(_("Only you change your own details."))
    values = {
        "full_name": " ".join(full_name.split())[:200],
        "position": " ".join(position.split())[:200],
        "phone": phone.strip(),
        "email": email.strip(),
    }
    errors: dict[str, list[str]] = {}
    if not values["full_name"]:
        errors["full_name"] = [_("Give your full name.")]
    if values["phone"] and not PHONE.match(values["phone"]):
        errors["phone"] = [_("Write a phone number with digits, e.g. 024 3825 2222.")]
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if errors:
        raise ValidationFailed(_("Check your details."), fields=errors)
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = {name: getattr(locked, name) for name in values}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(values))
    changes = audit.diff(before, values)
    if changes:
        audit.record(actor, events.PROFILE_UPDATED, subject=locked, changes=changes)
    return locked
