"""Who may handle data-subject requests and keep or read the breach register."""

from __future__ import annotations

from nq57.accounts.access import Actor, is_inspector, is_secretariat

from .models import DataRequest


def can_handle_data_requests(actor: Actor) -> bool:
    """Answer, correct, grant or refuse requests: the secretariat, the portal's controller."""
    return is_secretariat(actor)


def can_see_data_request(actor: Actor, request: DataRequest) -> bool:
    """The person who asked, and those who handle requests."""
    if actor.is_authenticated and actor.pk == request.requester_id:
        return True
    return can_handle_data_requests(actor)


def can_record_breaches(actor: Actor) -> bool:
    """Record a breach, its notification and its closing: the secretariat."""
    return is_secretariat(actor)


def can_read_breach_register(actor: Actor) -> bool:
    """The secretariat and the inspectors (read only); nobody else."""
    return is_secretariat(actor) or is_inspector(actor)
