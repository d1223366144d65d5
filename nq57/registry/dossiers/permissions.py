"""Who may do what with an investment dossier: questions only, answered by the access module.
The owner's officials (reporter, approver, administrator, or above it) register and resubmit,
and the secretariat may for them; only the appraising body's approvers and administrators
approve or return, the secretariat holding no right there it does not hold as a member."""

from __future__ import annotations

from nq57.accounts.access import DECIDING_ROLES, REPORTING_ROLES, has_role_at, is_secretariat
from nq57.core.actors import Actor, is_system

from ..models import Database, InvestmentDossier


def can_register(actor: Actor, database: Database) -> bool:
    """Register an investment dossier of `database`: its owner's officials, the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, database.owner, REPORTING_ROLES)


def can_resubmit(actor: Actor, dossier: InvestmentDossier) -> bool:
    """Resubmit a returned dossier with what was missing: as for registering it."""
    return can_register(actor, dossier.database)


def can_appraise(actor: Actor, dossier: InvestmentDossier) -> bool:
    """Approve the dossier or return it: the appraising body it was registered with, its
    approvers and administrators; the system (a command)."""
    return is_system(actor) or has_role_at(actor, dossier.appraiser, DECIDING_ROLES)
