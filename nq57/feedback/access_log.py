"""Access to senders' personal data is itself logged (issue 12 item 3): who was shown an
item's contact details and identity number, and who exported them. A sender reading their own
item is not recorded; the audit trail keeps the rest."""

from __future__ import annotations

from nq57.accounts.models import User
from nq57.core import audit
from nq57.core.actors import Actor, user_id_of

from . import events
from .models import Item


def personal_data_viewed(actor: Actor, *, item: Item) -> None:
    """Record that `actor` was shown the personal data of `item`'s sender."""
    if user_id_of(actor) is None or actor.pk == item.sender_id:
        return
    audit.record(actor, events.PERSONAL_DATA_VIEWED, subject=item)


def personal_data_exported(actor: Actor) -> None:
    """Record that `actor` exported items holding their senders' personal data (the subject
    is the official's own account: the export is theirs)."""
    if isinstance(actor, User):  # the system's and visitors' exports hold none
        audit.record(actor, events.PERSONAL_DATA_EXPORTED, subject=actor)
