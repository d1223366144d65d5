"""Failed sign-ins: django-axes' database handler, with a limit of its own for an address.

One office behind one public address is many people: a few typos each must not lock all of
them out, while one person's account is locked after a few. An address is therefore locked
after NQ57_LOCKOUT_ADDRESS_FAILURES failures (any accounts), an account after
AXES_FAILURE_LIMIT (from any addresses); axes compares one number with one limit, so the
address's count is scaled to the account's limit."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class AccountAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Counted in the database, so every process of the application sees the same counts."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        per_account = int(settings.AXES_FAILURE_LIMIT)
        per_address = max(1, int(settings.NQ57_LOCKOUT_ADDRESS_FAILURES))
        attempts = self.get_user_attempts(request, credentials)
        worst = 0
        for parameter, found in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True):
            failures = int(found.aggregate(n=Sum("failures_since_start"))["n"] or 0)
            if parameter == "ip_address":
                failures = failures * per_account // per_address
            worst = max(worst, failures)
        return worst
