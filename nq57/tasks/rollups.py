"""Status counts kept current at every write (DESIGN.md §2: rollups, never a batch rebuild).

Each task contributes the +1/-1 changes of its status timeline (`status.timeline_deltas`) to
two levels: all tasks per programme, and its top-level organisation (a ministry, a province,
a steering committee). Below the top level, a subtree holds a small share of the tasks and
is counted on the tasks themselves; a level per lead organisation would add a stored row
for nearly every task and date, and cost more to keep than it saves.

Services wrap every change of a task's dates, lead or programme in `tracking`, which takes
the task's contribution away before and adds it back after, in the same transaction.
`rebuild` recomputes everything, for repairs and tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from nq57.core.bulk import add_to_rows
from nq57.orgs.selectors import root_ids, root_of

from .choices import TaskKind
from .models import (
    DeltaFields,
    MonthlyStatusDelta,
    RollupScope,
    StatusDelta,
    Task,
    TaskDeadline,
    TaskSuspension,
)
from .status import Deadline, Status, Suspension, TaskFacts, timeline_deltas

# A delta's key packed into one int (scope, programme or organisation id, status, day): an
# import merges the changes of a million tasks in memory, and small ints keep that compact.
Key = int
_DAY_BITS, _STATUS_BITS, _ID_BITS = 20, 3, 36


@dataclass(frozen=True)
class PlacedFacts:
    """A task's status facts and where it counts."""

    facts: TaskFacts
    program_id: int
    root_org_id: int


_STATUSES = list(Status)
_STATUS_INDEX = {status: index for index, status in enumerate(_STATUSES)}
_ROOT_FLAG = 1 << (_ID_BITS + _STATUS_BITS + _DAY_BITS)


def _key(ident: int, status: Status, day: date) -> Key:
    return (
        (ident << (_STATUS_BITS + _DAY_BITS))
        | (_STATUS_INDEX[status] << _DAY_BITS)
        | (day.toordinal())
    )


def unpack(key: Key) -> tuple[str, int, int, str, date]:
    """(scope, org id, programme id, status, day) of a packed key."""
    day = date.fromordinal(key & ((1 << _DAY_BITS) - 1))
    status = _STATUSES[(key >> _DAY_BITS) & ((1 << _STATUS_BITS) - 1)].value
    ident = (key >> (_STATUS_BITS + _DAY_BITS)) & ((1 << _ID_BITS) - 1)
    if key & _ROOT_FLAG:
        return RollupScope.ROOT.value, ident, 0, status, day
    return RollupScope.ALL.value, 0, ident, status, day


def add_deltas(tally: Counter[Key], placed: PlacedFacts, sign: int = 1) -> None:
    """Add (or with sign -1, remove) one task's contribution to `tally`: to all tasks of its
    programme, and to its top-level organisation."""
    for day, status, change in timeline_deltas(placed.facts):
        value = sign * change
        tally[_key(placed.program_id, status, day)] += value
        tally[_ROOT_FLAG | _key(placed.root_org_id, status, day)] += value


def apply(tally: Counter[Key]) -> None:
    """Add the tally to the stored deltas, daily and monthly (insert or increment), in the
    current transaction."""
    rows = [(*unpack(key), value) for key, value in tally.items() if value]
    months: Counter[tuple[str, int, int, str, date]] = Counter()
    for scope, org_id, program_id, status, day, value in rows:
        months[scope, org_id, program_id, status, day.replace(day=1)] += value
    _upsert(StatusDelta, rows)
    _upsert(MonthlyStatusDelta, [(*key, value) for key, value in months.items() if value])


def _upsert(model: type[DeltaFields], rows: list[tuple[str, int, int, str, date, int]]) -> None:
    """Insert each row's delta, or add it to the stored one of the same key."""
    add_to_rows(model, ("scope", "org_id", "program_id", "status", "on_date"), ("delta",), rows)


def load_facts(
    task_ids: Iterable[int], roots: dict[int, int] | None = None
) -> dict[int, PlacedFacts]:
    """The status facts of the given tasks, in three queries (plus one for the roots)."""
    ids = list(task_ids)
    if not ids:
        return {}
    rows = list(
        Task.objects.filter(pk__in=ids).values_list(
            "pk",
            "assigned_on",
            "kind",
            "completed_on",
            "completion_requested_on",
            "withdrawn_on",
            "program_id",
            "lead_org_id",
        )
    )
    history: dict[int, list[Deadline]] = {}
    for task_id, deadline, effective_on in (
        TaskDeadline.objects.filter(task_id__in=ids)
        .order_by("effective_on", "id")
        .values_list("task_id", "deadline", "effective_on")
    ):
        history.setdefault(task_id, []).append(Deadline(effective_on, deadline))
    on_hold: dict[int, list[Suspension]] = {}
    for task_id, starts_on, ends_on in (
        TaskSuspension.objects.filter(task_id__in=ids)
        .order_by("starts_on", "id")
        .values_list("task_id", "starts_on", "ends_on")
    ):
        on_hold.setdefault(task_id, []).append(Suspension(starts_on, ends_on))
    if roots is None:
        roots = {}
        for lead in {row[-1] for row in rows}:
            roots[lead] = root_of(lead)
    return {
        pk: PlacedFacts(
            TaskFacts(
                assigned_on=assigned_on,
                is_regular=kind == TaskKind.REGULAR,
                completed_on=completed_on,
                deadlines=tuple(history.get(pk, ())),
                completion_requested_on=requested_on,
                withdrawn_on=withdrawn_on,
                suspensions=tuple(on_hold.get(pk, ())),
            ),
            program_id=program_id,
            root_org_id=roots[lead_org_id],
        )
        for (
            pk,
            assigned_on,
            kind,
            completed_on,
            requested_on,
            withdrawn_on,
            program_id,
            lead_org_id,
        ) in rows
    }


@contextmanager
def tracking(task_ids: Iterable[int], roots: dict[int, int] | None = None) -> Iterator[None]:
    """Keep the rollups right across a change to these tasks (created, edited or both)."""
    ids = sorted(set(task_ids))
    # The facts read before must be the ones this change replaces: every writer of a task's
    # facts holds its row lock until it commits (services hold it already, an import of
    # updates takes it here), in id order so that writers of several tasks queue.
    list(Task.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    before = load_facts(ids, roots)
    yield
    after = load_facts(ids, roots)
    tally: Counter[Key] = Counter()
    for placed in before.values():
        add_deltas(tally, placed, -1)
    for placed in after.values():
        add_deltas(tally, placed, 1)
    apply(tally)


def task_created(task_id: int) -> None:
    """Count a task that did not exist before."""
    tally: Counter[Key] = Counter()
    for placed in load_facts([task_id]).values():
        add_deltas(tally, placed)
    apply(tally)


@transaction.atomic
def rebuild(chunk: int = 5000) -> int:
    """Recompute every delta from the tasks; returns the number of tasks counted."""
    StatusDelta.objects.all().delete()
    MonthlyStatusDelta.objects.all().delete()
    roots = root_ids()
    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    tally: Counter[Key] = Counter()
    for start in range(0, len(ids), chunk):
        for placed in load_facts(ids[start : start + chunk], roots).values():
            add_deltas(tally, placed)
    apply(tally)
    return len(ids)
