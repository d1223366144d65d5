"""Who may change the organisation tree. Services ask these.

orgs sits below accounts, so it cannot ask `accounts.access`; the tree is changed only by the
system (`load_orgs`, the demo) and by accounts with the superuser flag, which need no
membership to read.
"""

from __future__ import annotations

from nq57.core.actors import Actor, is_system


def can_manage_organisations(actor: Actor) -> bool:
    """Create organisations and reload the built-in tree: the system and superusers."""
    return is_system(actor) or (actor.is_authenticated and actor.is_superuser)
