"""What a user may see: the one place that turns memberships into organisation scopes.

Pages, the API, exports and commands all ask this module; nothing else reads memberships to
decide visibility. A user sees what their organisations and everything below them own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Scope:
    """The organisation subtrees a user acts in; `everything` for the secretariat."""

    everything: bool
    paths: tuple[str, ...]

    def subtree_org_ids(self) -> QuerySet[Any]:
        """A subquery of the ids of every organisation in scope (unused when `everything`)."""
        from nq57.orgs.models import Organization

        condition = Q(pk__in=[])
        for path in self.paths:
            condition |= Q(path__startswith=path)
        return Organization.objects.filter(condition).values("pk")

    def covers(self, org_path: str) -> bool:
        return self.everything or any(org_path.startswith(p) for p in self.paths)


NOTHING = Scope(everything=False, paths=())
EVERYTHING = Scope(everything=True, paths=())


class SystemActor:
    """The actor of management commands run without --user: sees everything, owns no row."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_system = True

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def scope_of(user: Any) -> Scope:
    """The user's scope, computed once per user object."""
    if getattr(user, "is_system", False):
        return EVERYTHING
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    cached = getattr(user, "_nq57_scope", None)
    if cached is not None:
        return cached
    from nq57.accounts.choices import Role

    memberships = list(user.memberships.values_list("role", "organization__path"))
    scope = Scope(
        everything=user.is_superuser or any(role == Role.SECRETARIAT for role, _ in memberships),
        paths=tuple(sorted({path for _, path in memberships})),
    )
    user._nq57_scope = scope
    return scope


def roles_in(user: Any, org_path: str) -> set[str]:
    """The roles the user holds in the organisation at `org_path` or any organisation above it."""
    return {role for role, path in _memberships(user) if org_path.startswith(path)}


def deciding_org_ids(user: Any) -> QuerySet[Any] | None:
    """A subquery of the organisations on whose behalf the user decides (approvers and
    administrators, and what is below them); None means all (the secretariat)."""
    from nq57.accounts.choices import DECIDING_ROLES
    from nq57.orgs.models import Organization

    if scope_of(user).everything:
        return None
    paths = {path for role, path in _memberships(user) if role in DECIDING_ROLES}
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition).values("pk")


def _memberships(user: Any) -> list[tuple[str, str]]:
    cached = getattr(user, "_nq57_memberships", None)
    if cached is None:
        cached = list(user.memberships.values_list("role", "organization__path"))
        user._nq57_memberships = cached
    return cached
