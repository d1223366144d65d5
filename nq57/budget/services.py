"""Every write to the budget ledger: programmes and entries. Each takes the acting user first,
checks, writes and records its audit event in the caller's transaction (the import runs them
all in one). Entries are never edited or deleted: a revision is a later entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.orgs.models import Organization
from nq57.registry.models import InvestmentDossier
from nq57.tasks.models import Task

from . import events, permissions
from .choices import IN_FORCE_STAGES, SpendingBasis, Stage
from .models import Entry, Programme, StateSpending


@transaction.atomic
def programme_get_or_create(actor: Actor, *, code: str, name: str = "") -> Programme:
    """The programme of `code` (case as first written), created and audited the first time."""
    code = code.strip()
    if not code:
        raise ValidationFailed(_("a programme code is required"), fields={"program": []})
    found = Programme.objects.filter(code__iexact=code).first()
    if found is not None:
        return found
    created = Programme.objects.create(code=code, name=name or code)
    audit.record(actor, events.PROGRAMME_CREATED, subject=created)
    return created


@transaction.atomic
def entry_record(
    actor: Actor,
    *,
    year: int,
    organization: Organization,
    programme: Programme,
    stage: Stage | str,
    amount: int,
    dated: date,
    note: str = "",
    source: str = "",
    tasks: Iterable[Task] = (),
    dossiers: Iterable[InvestmentDossier] = (),
) -> tuple[Entry, bool]:
    """Record one entry; an identical one already recorded (year, organisation, programme,
    stage, day and amount) is that entry (returned with False). A proposal or approval of
    the same day with another amount is refused: history is not rewritten, a revision is
    dated when it was made."""
    if not permissions.can_record_budget(actor):
        raise NotPermitted(_("only the ledger's keepers may record budget entries"))
    stage = Stage(stage)
    key = {"year": year, "organization": organization, "programme": programme, "stage": stage}
    same_day = Entry.objects.select_for_update().filter(**key, dated=dated)
    identical = same_day.filter(amount=amount).first()
    if identical is not None:
        return identical, False
    if stage in IN_FORCE_STAGES and same_day.exists():
        message = _(
            "%(org)s already has another %(stage)s amount for %(programme)s %(year)s on "
            "%(day)s; history is not rewritten"
        ) % {
            "org": organization.code,
            "stage": stage.label.lower(),
            "programme": programme.code,
            "year": year,
            "day": dated.strftime("%d/%m/%Y"),
        }
        raise ValidationFailed(message, fields={"amount": [message]})
    entry = Entry(
        **key,
        amount=amount,
        dated=dated,
        note=note,
        source=source,
        recorded_by_id=user_id_of(actor),
    )
    entry.full_clean()
    entry.save()
    linked_tasks, linked_dossiers = list(tasks), list(dossiers)
    if linked_tasks:
        entry.tasks.set(linked_tasks)
    if linked_dossiers:
        entry.dossiers.set(linked_dossiers)
    audit.record(
        actor,
        events.ENTRY_RECORDED,
        subject=entry,
        data={
            "year": year,
            "org": organization.code,
            "programme": programme.code,
            "stage": stage.value,
            "amount": amount,
            "dated": dated.isoformat(),
            "tasks": [task.pk for task in linked_tasks],
            "dossiers": [dossier.pk for dossier in linked_dossiers],
        },
    )
    return entry, True


@transaction.atomic
def entry_link_tasks(actor: Actor, *, entry: Entry, tasks: Iterable[Task]) -> int:
    """Link an entry already recorded to more tasks it pays for (the work its money is
    compared with); returns how many links were added. Links are only ever added."""
    if not permissions.can_record_budget(actor):
        raise NotPermitted(_("only the ledger's keepers may record budget entries"))
    known = set(entry.tasks.values_list("pk", flat=True))
    added = [task for task in tasks if task.pk not in known]
    if added:
        entry.tasks.add(*added)
        audit.record(
            actor,
            events.ENTRY_TASKS_LINKED,
            subject=entry,
            data={"tasks": [task.pk for task in added]},
        )
    return len(added)


@transaction.atomic
def state_spending_record(
    actor: Actor, *, year: int, basis: SpendingBasis | str, amount: int, dated: date, note: str = ""
) -> tuple[StateSpending, bool]:
    """Record a year's total of state spending on one basis from `dated`; the same total the
    same day again changes nothing (False), another one that day is refused."""
    if not permissions.can_record_budget(actor):
        raise NotPermitted(_("only the ledger's keepers may record totals of state spending"))
    basis = SpendingBasis(basis)
    found = StateSpending.objects.select_for_update().filter(year=year, basis=basis, dated=dated)
    existing = found.first()
    if existing is not None:
        if existing.amount == amount:
            return existing, False
        message = _("another total is already recorded for that day; history is not rewritten")
        raise ValidationFailed(message, fields={"amount": [message]})
    total = StateSpending(
        year=year,
        basis=basis,
        amount=amount,
        dated=dated,
        note=note,
        recorded_by_id=user_id_of(actor),
    )
    total.full_clean()
    total.save()
    audit.record(
        actor,
        events.STATE_SPENDING_RECORDED,
        subject=total,
        data={"year": year, "basis": basis.value, "amount": amount, "dated": dated.isoformat()},
    )
    return total, True
