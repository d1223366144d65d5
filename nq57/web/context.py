"""What every page's frame shows: who is signed in, for which organisation, in which role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from nq57.accounts.access import is_secretariat, memberships_of, scope_of
from nq57.accounts.choices import DECIDING_ROLES
from nq57.budget.permissions import can_record_budget

from .queue import menu_counts


def frame(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's memberships and what the navigation offers them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = memberships_of(user)
    roles = {m.role for m in memberships}
    secretariat = is_secretariat(user)
    # An inspector sees the whole country (`everything`) but is offered nothing to change.
    everything = scope_of(user).everything
    return {
        # The idle sign-out the page warns of (forms.js): the session's lifetime.
        "idle_seconds": int(settings.SESSION_COOKIE_AGE),
        "memberships": memberships,
        "nav": {
            "secretariat": secretariat,
            "everything": everything,
            "reads_only": everything and not secretariat,
            "decides": secretariat or bool(roles & DECIDING_ROLES),
            "admin": user.is_staff,
            "official": everything or bool(memberships),
            # The budget's keepers (BKHCN, BTC, the secretariat) enter and import it.
            "budget_keeper": can_record_budget(user),
            # Lazy: counted (one query, queue.menu_counts) only where a page shows the menu,
            # once for both of its figures.
            "counts": SimpleLazyObject(lambda: menu_counts(user, timezone.localdate())),
        },
    }
