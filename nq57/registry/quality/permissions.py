"""Who may do what with data quality: an owner's officials record for their own databases
(the secretariat for any), the assessing body (settings.NQ57_QUALITY_ASSESSOR, the National
Data Centre) verifies and adjusts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from nq57.accounts.access import (
    REPORTING_ROLES,
    has_role_at,
    is_secretariat,
    roles_at,
    scope_of,
    subtree_ids,
)
from nq57.core.actors import Actor, is_system
from nq57.orgs.models import Organization

from ..models import Database


def assessing_body() -> Organization | None:
    return Organization.objects.filter(code=settings.NQ57_QUALITY_ASSESSOR).first()


def is_assessor(actor: Actor) -> bool:
    """An official (reporter, approver or administrator) of the assessing body or a unit of
    it; the system actor (a command) too. The secretariat is not the assessor."""
    if is_system(actor):
        return True
    if not actor.is_authenticated:
        return False
    cached: bool | None = getattr(actor, "_nq57_quality_assessor", None)
    if cached is None:
        body = assessing_body()
        cached = body is not None and _holds_reporting_role_in(actor, body.path)
        actor._nq57_quality_assessor = cached  # type: ignore[attr-defined]
    return cached


def _holds_reporting_role_in(actor: Actor, path: str) -> bool:
    """A reporting role at the body or in a unit below it (roles_at looks upwards only)."""
    if has_role_at(actor, path, REPORTING_ROLES):
        return True
    return any(
        roles_at(actor, held) & REPORTING_ROLES
        for held in scope_of(actor).paths
        if held.startswith(path)
    )


def can_record_quality(actor: Actor, database: Database) -> bool:
    """Record check results of `database`: its owner's officials, the secretariat, the
    system."""
    return is_secretariat(actor) or has_role_at(actor, database.owner, REPORTING_ROLES)


def recordable_databases(actor: Actor) -> QuerySet[Database, Any]:
    """The databases `actor` may record check results for."""
    databases = Database.objects.select_related("owner")
    if is_secretariat(actor):
        return databases
    if not actor.is_authenticated:
        return databases.none()
    paths = [path for path in scope_of(actor).paths if roles_at(actor, path) & REPORTING_ROLES]
    if not paths:
        return databases.none()
    return databases.filter(owner_id__in=subtree_ids(paths))
