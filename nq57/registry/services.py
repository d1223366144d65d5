"""Every write to the registry: databases, the lists they are on, and their dated history.
Each takes the acting user first, checks, writes and records its audit event in the caller's
transaction (the import runs them all in one)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import ValidationFailed
from nq57.orgs.models import Organization

from . import events
from .choices import DatabaseKind, DatabaseStatus, RiskLevel
from .models import Database, DatabaseList, StatusEntry


@transaction.atomic
def database_list_get_or_create(actor: Actor, *, code: str, name: str = "") -> DatabaseList:
    """The list of that code, created (and audited) the first time it is named."""
    found = DatabaseList.objects.filter(code=code).first()
    if found is not None:
        return found
    created = DatabaseList.objects.create(code=code, name=name or code)
    audit.record(actor, events.DATABASE_LIST_CREATED, subject=created)
    return created


@transaction.atomic
def database_save(
    actor: Actor,
    *,
    code: str,
    name: str,
    kind: DatabaseKind | str,
    owner: Organization,
    lists: Iterable[DatabaseList] = (),
    legal_basis: str | None = None,
    target_on: date | None = None,
) -> tuple[Database, bool]:
    """Register the database of `code`, or bring it up to date (the legal basis and target
    date only when given); it is added to `lists` (never taken off one: a file may be about
    one list only). Returns the database and whether anything changed."""
    values: dict[str, object] = {"name": name, "kind": kind, "owner": owner}
    if legal_basis:
        values["legal_basis"] = legal_basis
    if target_on is not None:
        values["target_on"] = target_on
    database = Database.objects.select_for_update().filter(code=code).first()
    changed = False
    if database is None:
        database = Database(code=code, **values)
        database.full_clean()
        database.save()
        audit.record(actor, events.DATABASE_CREATED, subject=database, data={"owner": owner.code})
        changed = True
    else:
        before = {key: getattr(database, key) for key in values}
        changes = audit.diff(before, values)
        if changes:
            for key, value in values.items():
                setattr(database, key, value)
            database.full_clean()
            database.save()
            audit.record(actor, events.DATABASE_UPDATED, subject=database, changes=changes)
            changed = True
    have = set(database.lists.values_list("pk", flat=True))
    added = [found for found in lists if found.pk not in have]
    if added:
        database.lists.add(*added)
        audit.record(
            actor,
            events.DATABASE_LISTED,
            subject=database,
            data={"lists": [found.code for found in added]},
        )
        changed = True
    return database, changed


def status_conflict(entry: StatusEntry, *, status: str, risk: str, risk_reason: str) -> bool:
    """Whether an entry already recorded for the day says something else (a reason given
    counts; an entry without one keeps the reason it has)."""
    return (entry.status, entry.risk) != (status, risk) or bool(
        risk_reason and risk_reason != entry.risk_reason
    )


@transaction.atomic
def status_record(
    actor: Actor,
    *,
    database: Database,
    since: date,
    status: DatabaseStatus | str,
    risk: RiskLevel | str = RiskLevel.NORMAL,
    risk_reason: str = "",
    default_reason: str = "",
) -> tuple[StatusEntry, bool]:
    """Record the database's status and risk from `since` on, with the risk's reason (else
    `default_reason`: where the assessment came from, an imported file's name). History is
    never rewritten: the same entry again changes nothing (returns it, False); another one
    for the same day is refused."""
    existing = StatusEntry.objects.filter(database=database, since=since).first()
    if existing is not None:
        if status_conflict(existing, status=status, risk=risk, risk_reason=risk_reason):
            message = _(
                "%(code)s already has another status recorded from %(since)s; "
                "history is not rewritten"
            ) % {"code": database.code, "since": since.isoformat()}
            raise ValidationFailed(message, fields={"since": [message]})
        return existing, False
    entry = StatusEntry(
        database=database,
        since=since,
        status=status,
        risk=risk,
        risk_reason=risk_reason or default_reason,
        recorded_by_id=user_id_of(actor),
    )
    entry.full_clean()
    entry.save()
    audit.record(
        actor,
        events.DATABASE_STATUS_RECORDED,
        subject=database,
        data={"since": since, "status": status, "risk": risk, "reason": entry.risk_reason},
    )
    return entry, True


@transaction.atomic
def database_connect(actor: Actor, *, database: Database, on: date) -> bool:
    """Record the day the database joined the national data sharing platform; the same day
    again changes nothing (False). A different day is a correction, audited with the old."""
    locked = Database.objects.select_for_update().get(pk=database.pk)
    if locked.connected_on == on:
        return False
    changes = audit.diff({"connected_on": locked.connected_on}, {"connected_on": on})
    locked.connected_on = on
    locked.save(update_fields=["connected_on", "updated_at"])
    database.connected_on = on
    audit.record(actor, events.DATABASE_CONNECTED, subject=locked, changes=changes)
    return True
