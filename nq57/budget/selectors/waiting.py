"""The money alerts waiting on an official (the queue's section): every alert the daily
watch holds open for the ledger's keepers, who follow the money; for everyone else, those of
the organisations where they report or decide, whose work the money was for."""

from __future__ import annotations

from django.db.models import QuerySet

from nq57.accounts.access import organisations_with_role
from nq57.accounts.choices import DECIDING_ROLES, REPORTING_ROLES
from nq57.core.actors import Actor

from ..models import MoneyAlert
from ..permissions import can_record_budget


def money_alerts_waiting(actor: Actor) -> QuerySet[MoneyAlert]:
    """Open alerts the actor should act on, the longest open first."""
    open_alerts = MoneyAlert.objects.filter(cleared_on__isnull=True)
    if not can_record_budget(actor):
        own = organisations_with_role(actor, REPORTING_ROLES | DECIDING_ROLES)
        open_alerts = open_alerts.filter(organization_id__in=own)
    return open_alerts.select_related("organization", "programme").order_by("raised_on", "pk")
