"""Who acts: the one type every service, selector, permission and view takes as its actor.

`Actor` is structural so that the three things that act — a signed-in official or citizen
(`accounts.User`), a visitor not signed in (Django's `AnonymousUser`) and a management command
run without `--user` (`SYSTEM`) — are one type without core importing the accounts app.
What an actor may see and do is asked of `nq57.accounts.access`, never spelled here.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Actor(Protocol):
    """The acting user as services and selectors see it."""

    @property
    def pk(self) -> int | None: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    def get_username(self) -> str: ...


class SystemActor:
    """The actor of management commands run without --user: sees everything, owns no row."""

    pk: int | None = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_system = True

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def is_system(actor: Actor) -> bool:
    """Whether `actor` is the system actor (a command run without --user)."""
    return isinstance(actor, SystemActor)


def user_id_of(actor: Actor) -> int | None:
    """The user id to store as the author of a row: None for the system and for visitors."""
    return actor.pk if actor.is_authenticated and not is_system(actor) else None
