"""The composite ranking's weights: the secretariat sets them (the ranking itself is read
in `nq57.web.composite`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.core.actors import user_id_of
from nq57.core.errors import NotPermitted, ValidationFailed

from .. import events, permissions
from ..models import RankingWeights


@transaction.atomic
def ranking_weights_set(actor: Actor, *, weights: dict[str, int]) -> RankingWeights:
    """The secretariat sets the weights of the composite ranking; at least one must count."""
    if not permissions.can_set_ranking_weights(actor):
        raise NotPermitted(_("Only the secretariat sets the ranking's weights."))
    if any(value < 0 or value > 100 for value in weights.values()) or not any(weights.values()):
        message = _("Each weight is a whole number from 0 to 100, and one at least is above 0.")
        raise ValidationFailed(message, fields={name: [message] for name in weights})
    current = RankingWeights.objects.select_for_update().first() or RankingWeights()
    before = current.as_dict()
    for name, value in weights.items():
        setattr(current, name, value)
    current.updated_by_id = user_id_of(actor)
    current.save()
    audit.record(
        actor,
        events.RANKING_WEIGHTS_SET,
        subject=current,
        changes=audit.diff(before, current.as_dict()),
    )
    return current
