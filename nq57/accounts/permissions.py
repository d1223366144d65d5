"""Who may manage officials' accounts, roles and machine tokens. Services ask these."""

from __future__ import annotations

from .access import Actor, is_secretariat


def can_manage_accounts(actor: Actor) -> bool:
    """Create accounts, grant roles and issue API tokens: the secretariat (and the system,
    for commands and the demo)."""
    return is_secretariat(actor)
