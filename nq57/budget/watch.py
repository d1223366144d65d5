"""The daily watch of money ahead of work (`manage.py budget_alerts`, and after the ledger
changes): the alerts of every year with entries, as of the day (`alerts.money_alerts`), kept
as rows the queue lists — raised the first day found, their figures brought up to date while
they hold, cleared the first day they no longer do. Run twice the same day, it changes
nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from nq57.core import audit
from nq57.core.actors import SYSTEM

from . import events
from .alerts import MoneyAlert as Found
from .alerts import money_alerts
from .models import Entry, MoneyAlert

Key = tuple[int, int, int]  # year, organisation, programme
PROGRESS_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Watched:
    raised: int = 0
    cleared: int = 0
    held: int = 0

    def __str__(self) -> str:
        return f"{self.raised} raised, {self.cleared} cleared, {self.held} still holding"


def _figures(found: Found, today: date) -> dict[str, object]:
    return {
        "approved": found.money.approved,
        "disbursed": found.money.disbursed,
        "progress": found.progress.quantize(PROGRESS_PLACES, ROUND_HALF_UP),
        "tasks": len(found.tasks),
        "checked_on": today,
    }


@transaction.atomic
def watch_money(today: date) -> Watched:
    """Bring the stored alerts to what holds on `today` (see the module). The open alerts are
    locked first, so that two watches (the schedule and a ledger write) take turns."""
    held_open: dict[Key, MoneyAlert] = {
        (row.year, row.organization_id, row.programme_id): row
        for row in MoneyAlert.objects.select_for_update().filter(cleared_on__isnull=True)
    }
    years = Entry.objects.filter(dated__lte=today).order_by().values_list("year", flat=True)
    found: dict[Key, Found] = {
        (alert.year, alert.organization.pk, alert.programme.pk): alert
        for year in sorted(set(years))
        for alert in money_alerts(year, today)
    }
    raised = cleared = held = 0
    for key, row in held_open.items():
        if key not in found:
            row.cleared_on = row.checked_on = today
            row.save(update_fields=["cleared_on", "checked_on"])
            audit.record(SYSTEM, events.ALERT_CLEARED, subject=row, data={"year": row.year})
            cleared += 1
    for key, alert in found.items():
        still = held_open.get(key)
        if still is None:
            row = MoneyAlert.objects.create(
                year=alert.year,
                organization=alert.organization,
                programme=alert.programme,
                raised_on=today,
                **_figures(alert, today),
            )
            audit.record(
                SYSTEM,
                events.ALERT_RAISED,
                subject=row,
                data={"year": alert.year, "tasks": list(alert.tasks)},
            )
            raised += 1
        else:
            for name, value in _figures(alert, today).items():
                setattr(still, name, value)
            still.save()
            held += 1
    return Watched(raised=raised, cleared=cleared, held=held)
