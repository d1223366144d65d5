"""Who an actor is and where they hold which role: the one module that turns memberships into
visibility and rights.

Pages, the API, exports, commands, selectors and every app's `permissions.py` ask this module;
nothing else reads memberships to decide what a user sees or may do. A user sees what their
organisations and everything below them own; the secretariat role (or a superuser, or the
system actor) sees and decides everything; an inspector sees everything and decides nothing.
Visibility (`scope_of(...).everything`) and rights (`is_secretariat`) are kept apart for that.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from nq57.core.actors import SYSTEM, Actor, SystemActor, is_system
from nq57.orgs.models import PATH_SEPARATOR, Organization

from .choices import (
    DECIDING_ROLES,
    NATIONWIDE_ROLES,
    REPORTING_ROLES,
    SECOND_FACTOR_ROLES,
    Role,
)
from .models import Membership, User

__all__ = [
    "DECIDING_ROLES",
    "EVERYTHING",
    "NOTHING",
    "REPORTING_ROLES",
    "SYSTEM",
    "Actor",
    "Scope",
    "SystemActor",
    "deciders_or_secretariat",
    "deciding_org_ids",
    "has_role_at",
    "holders_by_org",
    "holders_of",
    "is_inspector",
    "is_official",
    "is_secretariat",
    "is_system",
    "memberships_of",
    "needs_second_factor",
    "roles_at",
    "scope_of",
    "subtree_ids",
]


@dataclass(frozen=True)
class Scope:
    """The organisation subtrees a user sees; `everything` for the secretariat and inspectors."""

    everything: bool
    paths: tuple[str, ...]

    def subtree_org_ids(self) -> QuerySet[Organization, Any]:
        """A subquery of the ids of every organisation in scope (unused when `everything`)."""
        return subtree_ids(self.paths)

    def covers(self, org_path: str) -> bool:
        return self.everything or any(org_path.startswith(p) for p in self.paths)


NOTHING = Scope(everything=False, paths=())
EVERYTHING = Scope(everything=True, paths=())


def subtree_ids(paths: Collection[str]) -> QuerySet[Organization, Any]:
    """A subquery of the ids of the organisations at or below any of `paths`."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition).values("pk")


def scope_of(actor: Actor | None) -> Scope:
    """The actor's scope, computed once per user object."""
    if actor is not None and is_system(actor):
        return EVERYTHING
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return NOTHING
    cached: Scope | None = getattr(actor, "_nq57_scope", None)
    if cached is not None:
        return cached
    memberships = _memberships(actor)
    scope = Scope(
        everything=actor.is_superuser or any(role in NATIONWIDE_ROLES for role, _ in memberships),
        paths=tuple(sorted({path for _, path in memberships})),
    )
    actor._nq57_scope = scope  # type: ignore[attr-defined]
    return scope


def is_secretariat(actor: Actor | None) -> bool:
    """Sees and decides everything: the secretariat role, a superuser or the system actor.
    (An inspector sees everything too, but this asks about rights, not visibility.)"""
    if actor is not None and is_system(actor):
        return True
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return actor.is_superuser or any(role == Role.SECRETARIAT for role, _ in _memberships(actor))


def is_inspector(actor: Actor | None) -> bool:
    """Sees everything and may change nothing: the inspection bodies' read-only role."""
    return scope_of(actor).everything and not is_secretariat(actor)


def is_official(actor: Actor | None) -> bool:
    """Reaches the officials' pages and the API: a member of an organisation, staff or a
    superuser (a citizen signed in through the identity provider holds no membership)."""
    if actor is not None and is_system(actor):
        return True
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    staff = bool(getattr(actor, "is_staff", False))
    return staff or actor.is_superuser or bool(_memberships(actor))


def needs_second_factor(actor: Actor | None) -> bool:
    """Those who decide or see everything sign in with a second factor: the secretariat,
    approvers, organisation administrators, inspectors, staff and superusers."""
    if actor is None or is_system(actor) or not actor.is_authenticated:
        return False
    if getattr(actor, "is_staff", False) or actor.is_superuser:
        return True
    return any(role in SECOND_FACTOR_ROLES for role, _ in _memberships(actor))


def roles_at(actor: Actor | None, org_path: str) -> set[str]:
    """The roles the actor holds in the organisation at `org_path` or any organisation above
    it (a role in a ministry holds in its departments)."""
    if actor is None or not actor.is_authenticated:
        return set()
    return {role for role, path in _memberships(actor) if org_path.startswith(path)}


def has_role_at(actor: Actor | None, org: Organization | str, roles: Collection[str]) -> bool:
    """Whether the actor holds one of `roles` at `org` (an organisation or its path) or
    above it. The secretariat holds no role here unless it has one: callers that let the
    secretariat act ask `is_secretariat` as well."""
    path = org if isinstance(org, str) else org.path
    return bool(roles_at(actor, path) & set(roles))


def memberships_of(actor: Actor | None) -> list[Membership]:
    """The actor's memberships with their organisations, by organisation then role (what
    the page frame shows and where forms offer the actor's own organisations first)."""
    if actor is None or not actor.is_authenticated or actor.pk is None:
        return []
    return list(
        Membership.objects.filter(user_id=actor.pk)
        .select_related("organization")
        .order_by("organization__path", "role")
    )


def holders_of(
    roles: Collection[str], *, org_ids: Collection[int], with_secretariat: bool = False
) -> QuerySet[User, User]:
    """Active users holding one of `roles` in one of the organisations (exactly there, not
    above), and the secretariat when asked: who is told about an organisation's work."""
    condition = Q(memberships__organization_id__in=list(org_ids), memberships__role__in=roles)
    if with_secretariat:
        condition |= Q(memberships__role=Role.SECRETARIAT)
    return User.objects.filter(condition, is_active=True).distinct()


def holders_by_org(org_ids: Collection[int], roles: Collection[str]) -> dict[int, set[int]]:
    """For many organisations at once (a daily job): the ids of the active users holding one
    of `roles` in each (exactly there), in one query."""
    holders: dict[int, set[int]] = {org_id: set() for org_id in org_ids}
    rows = Membership.objects.filter(
        organization_id__in=list(org_ids), role__in=list(roles), user__is_active=True
    ).values_list("organization_id", "user_id")
    for org_id, user_id in rows:
        holders[org_id].add(user_id)
    return holders


def deciders_or_secretariat(org_id: int) -> QuerySet[User, User]:
    """Who decides for an organisation: its approvers and administrators, or the secretariat
    when it has none (a request, a late form, is never told to nobody)."""
    deciders = holders_of(DECIDING_ROLES, org_ids=[org_id])
    if deciders.exists():
        return deciders
    return holders_of((), org_ids=[], with_secretariat=True)


def deciding_org_ids(actor: Actor | None) -> QuerySet[Organization, Any] | None:
    """A subquery of the organisations on whose behalf the actor decides (approvers and
    administrators, and what is below them); None means all (the secretariat)."""
    if is_secretariat(actor):
        return None
    if actor is None or not actor.is_authenticated:
        return subtree_ids(())
    return subtree_ids({path for role, path in _memberships(actor) if role in DECIDING_ROLES})


def subtree_with_role(actor: Actor | None, roles: Collection[str]) -> QuerySet[Organization, Any]:
    """A subquery of the organisations where the actor holds one of `roles`, and those below
    them: where a role lets them act (the secretariat holds none here unless it has one)."""
    paths: set[str] = set()
    if actor is not None and actor.is_authenticated and actor.pk is not None:
        paths = {path for role, path in _memberships(actor) if role in roles}
    return subtree_ids(paths)


def organisations_with_role(
    actor: Actor | None, roles: Collection[str]
) -> QuerySet[Organization, Any]:
    """A subquery of the ids of the organisations where the actor holds one of `roles` itself
    (not those below them): whose own work waits on them."""
    paths: list[str] = []
    if actor is not None and actor.is_authenticated and actor.pk is not None:
        paths = [path for role, path in _memberships(actor) if role in roles]
    return Organization.objects.filter(path__in=paths).values("pk")


def organisation_codes_of(actor: Actor) -> list[str]:
    """The codes of the organisations the actor is a member of (the last part of each
    path): no query when this user object has loaded its memberships already."""
    paths = sorted({path for _, path in _memberships(actor)})
    return [path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[-1] for path in paths]


def _memberships(actor: Actor) -> list[tuple[str, str]]:
    cached: list[tuple[str, str]] | None = getattr(actor, "_nq57_memberships", None)
    if actor.pk is None:
        return []
    if cached is None:
        cached = list(
            Membership.objects.filter(user_id=actor.pk).values_list("role", "organization__path")
        )
        actor._nq57_memberships = cached  # type: ignore[attr-defined]
    return cached
