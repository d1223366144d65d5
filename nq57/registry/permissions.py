"""Who may do what in the registry."""

from nq57.accounts.access import is_secretariat
from nq57.core.actors import Actor


def can_import_registry(actor: Actor) -> bool:
    """Bring in the registry's databases and their history: the secretariat or the system."""
    return is_secretariat(actor)
