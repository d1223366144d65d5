"""Writing values: checked all first, then written all together with their audit events and
the rollups, in one transaction.

Values from the entry form, the API and `import_values` all go through `values_save`.

Concurrency (docs/decisions/0006-indicators.md): an organisation's figure for a quarter or a
year depends on all its values of the element in that year, so a write first locks every
(element, organisation) pair it touches, then reads what it replaces: two writers of one pair
take turns, and each adds to the rollups the true difference its values make.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.core.actors import user_id_of
from nq57.core.exchange import ImportReport
from nq57.core.models import AuditEvent
from nq57.core.periods import Period, parse_period

from .. import events, rollups
from ..choices import TimeAggregation
from ..models import DataValue
from ..value_checks import CheckedValue, ValueInput, check_values

Pair = tuple[int, int]  # data element id, organisation id
# A value written, what it replaced (None: new), and the input it came from.
Written = tuple[DataValue, Decimal | None, CheckedValue]


def values_save(
    actor: Actor, *, inputs: Iterable[ValueInput], dry_run: bool = False, many: bool = True
) -> ImportReport:
    """Check every input, then write them all or none: values, audit events and rollups in
    one transaction. Saving a value equal to the stored one changes nothing (idempotent).
    `many=False` for a handful of inputs (a form, an API call)."""
    report, checked = check_values(actor, inputs, many=many)
    report.dry_run = dry_run
    with transaction.atomic():
        _lock_pairs({(item.element.pk, item.org_id) for item in checked})
        _write(actor, checked, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def value_set(
    actor: Actor, *, element: str, org: str, period: str, value: Any, comment: str = ""
) -> ImportReport:
    """One value, as the entry form and the API give it."""
    return values_save(
        actor,
        inputs=[ValueInput(element=element, period=period, org=org, value=value, comment=comment)],
        many=False,
    )


# Above this many pairs a write locks whole elements: a lock per pair of a large import would
# fill PostgreSQL's shared lock table (max_locks_per_transaction).
PAIR_LOCKS_AT_MOST = 1000
# Advisory locks of an element take this first key (two-key form); a pair's lock is one
# 64-bit key, element id and organisation id side by side: the two forms never collide.
_ELEMENT_LOCK_CLASS = 5707


def _lock_pairs(pairs: set[Pair]) -> None:
    """Lock the pairs until the transaction ends: a writer of a pair shares its element's lock
    and holds the pair's own, a large import holds the elements' locks alone. Locks are taken
    in one order (elements, then pairs, sorted), so writers queue and never deadlock. SQLite
    needs none: every writing transaction holds the database's write lock (BEGIN IMMEDIATE)."""
    if not pairs or connection.vendor != "postgresql":
        return
    elements = sorted({element_id for element_id, _ in pairs})
    one_by_one = len(pairs) <= PAIR_LOCKS_AT_MOST
    # unnest yields the array in order, and each row takes its lock in turn.
    with connection.cursor() as cursor:
        cursor.execute(
            _LOCK_SHARED_ELEMENTS if one_by_one else _LOCK_ELEMENTS,
            [_ELEMENT_LOCK_CLASS, elements],
        )
        cursor.fetchall()
        if one_by_one:
            keys = sorted((element_id << 32) | org_id for element_id, org_id in pairs)
            cursor.execute(_LOCK_PAIRS, [keys])
            cursor.fetchall()


_LOCK_SHARED_ELEMENTS = "SELECT pg_advisory_xact_lock_shared(%s, e) FROM unnest(%s::int[]) e"
_LOCK_ELEMENTS = "SELECT pg_advisory_xact_lock(%s, e) FROM unnest(%s::int[]) e"
_LOCK_PAIRS = "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) k"


def _write(actor: Actor, checked: Sequence[CheckedValue], report: ImportReport) -> None:
    places = rollups.org_places({item.org_id for item in checked})
    by_pair: dict[Pair, list[CheckedValue]] = {}
    for item in checked:
        by_pair.setdefault((item.element.pk, item.org_id), []).append(item)
    stored = _stored(by_pair, {item.period.year for item in checked})
    tally = rollups.new_tally()
    creates: list[DataValue] = []
    updates: list[DataValue] = []
    written: list[Written] = []
    for (element_id, org_id), items in by_pair.items():
        existing = stored.get((element_id, org_id), {})
        before = {parse_period(code): value.value for code, value in existing.items()}
        after = dict(before)
        for item in items:
            change = _change(actor, existing.get(item.period.code), item, report)
            if change is None:
                continue
            value, old = change
            (creates if value.pk is None else updates).append(value)
            after[item.period] = item.value
            written.append((value, old, item))
        rollups.add_change(
            tally,
            element_id=element_id,
            how=TimeAggregation(items[0].element.time_aggregation),
            place=places[org_id],
            before=before,
            after=after,
        )
    DataValue.objects.bulk_create(creates, batch_size=2000)
    DataValue.objects.bulk_update(
        updates, ["value", "comment", "entered_by", "updated_at"], batch_size=2000
    )
    rollups.apply(tally)
    audit.record_many(_entered(actor, written))


def _stored(
    by_pair: dict[Pair, list[CheckedValue]], years: set[int]
) -> dict[Pair, dict[str, DataValue]]:
    """Everything stored for the (element, organisation) pairs in the years the inputs touch:
    a year is the longest period, so its values decide every figure the change reaches."""
    stored: dict[Pair, dict[str, DataValue]] = {}
    if not by_pair:
        return stored
    # By element and organisation separately (a condition per pair is too deep for SQLite
    # on a large file), keeping the pairs asked for.
    for value in DataValue.objects.filter(
        element_id__in={element_id for element_id, _ in by_pair},
        org_id__in={org_id for _, org_id in by_pair},
        starts_on__gte=date(min(years), 1, 1),
        ends_on__lte=date(max(years), 12, 31),
    ):
        if (value.element_id, value.org_id) in by_pair:
            stored.setdefault((value.element_id, value.org_id), {})[value.period] = value
    return stored


def _change(
    actor: Actor, current: DataValue | None, item: CheckedValue, report: ImportReport
) -> tuple[DataValue, Decimal | None] | None:
    """The value to create or update for `item` and the number it replaces (None when new),
    counted in the report; None when the stored value is already the same."""
    if current is None:
        report.created += 1
        return _new_value(actor, item), None
    if current.value == item.value and current.comment == item.comment:
        report.unchanged += 1
        return None
    old = current.value
    current.value, current.comment = item.value, item.comment
    current.entered_by_id = user_id_of(actor)
    current.updated_at = timezone.now()  # bulk_update does not set auto_now
    report.updated += 1
    return current, old


def _new_value(actor: Actor, item: CheckedValue) -> DataValue:
    period: Period = item.period
    return DataValue(
        element_id=item.element.pk,
        org_id=item.org_id,
        period=period.code,
        starts_on=period.start,
        ends_on=period.end,
        value=item.value,
        comment=item.comment,
        entered_by_id=user_id_of(actor),
    )


def _entered(actor: Actor, written: Iterable[Written]) -> Iterable[AuditEvent]:
    return (
        audit.build(
            actor,
            events.VALUE_ENTERED,
            subject=value,
            changes={"value": [audit.json_value(old), audit.json_value(item.value)]},
            data={"element": item.element.code, "period": item.period.code},
        )
        for value, old, item in written
    )
