"""Who may do what with the budget: questions only, answered by the access module."""

from __future__ import annotations

from django.conf import settings

from nq57.accounts.access import has_role_at, is_official, is_secretariat
from nq57.accounts.choices import DECIDING_ROLES, REPORTING_ROLES
from nq57.core.actors import Actor
from nq57.orgs.models import PATH_SEPARATOR


def budget_bodies() -> tuple[str, ...]:
    """The top-level organisations that keep the ledger: the Ministries of Science and
    Technology and of Finance, unless configured otherwise."""
    return tuple(getattr(settings, "NQ57_BUDGET_BODIES", ("BKHCN", "BTC")))


def can_record_budget(actor: Actor) -> bool:
    """Enter or import budget entries: the secretariat, and the reporting and deciding
    officials of the ledger's keepers."""
    if is_secretariat(actor):
        return True
    roles = REPORTING_ROLES | DECIDING_ROLES
    return any(
        has_role_at(actor, f"{PATH_SEPARATOR}{code}{PATH_SEPARATOR}", roles)
        for code in budget_bodies()
    )


def can_read_budget(actor: Actor) -> bool:
    """The budget figures are the same for every official."""
    return is_official(actor)
