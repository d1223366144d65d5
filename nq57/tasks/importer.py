"""Importing tasks from the exchange format: validated row by row, written all or nothing.

The import streams the file and writes in batches inside one transaction: memory stays flat
for a million rows, and any problem rolls back everything. It does not call `task_create` row
by row (a dozen queries each); it applies the same rules (`check_task_dates`,
`derived_fields`, `permissions`) with bulk writes, and records one audit event per task.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.bulk import insert_rows, reserve_ids
from nq57.core.models import AuditEvent, AuditEventType
from nq57.orgs.lookup import OrgDirectory, OrgLookupError

from . import permissions, rollups
from .choices import DeadlineSource, RequestStatus, TaskKind
from .models import (
    CompletionRequest,
    Program,
    Task,
    TaskCoordination,
    TaskDeadline,
    task_label,
)
from .services import check_task_dates, derived_fields, derived_values
from .status import Deadline, TaskFacts
from .tabular import HeaderError, SourceRow, at_line, read_rows

BATCH_SIZE = 5000
TALLY_FLUSH_KEYS = 1_000_000
MAX_PROBLEMS = 1000

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
KIND_WORDS = {
    "": TaskKind.DEADLINE,
    "deadline": TaskKind.DEADLINE,
    "có thời hạn": TaskKind.DEADLINE,
    "regular": TaskKind.REGULAR,
    "thường xuyên": TaskKind.REGULAR,
}


class CellError(ValueError):
    """A cell that cannot be read; the message names the value."""


def parse_date(value: Any) -> date | None:
    """YYYY-MM-DD, DD/MM/YYYY or a spreadsheet date cell; None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)  # the common case, without the regex
        except ValueError:
            raise CellError(_("invalid date '%(value)s'") % {"value": text}) from None
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _VN.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise CellError(_("invalid date '%(value)s'") % {"value": text})
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("invalid date '%(value)s'") % {"value": text}) from None


def parse_progress(value: Any) -> int | None:
    """A whole percentage 0–100 ('45', '45%', 45.0); None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.isdigit() and len(value) <= 3:
        whole = int(value)
        if whole > 100:
            raise CellError(_("progress %(value)s is outside 0–100") % {"value": value})
        return whole
    text = str(value).strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("not a number: '%(value)s'") % {"value": value}) from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise CellError(_("progress %(value)s is outside 0–100") % {"value": text})
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_kind(value: Any) -> str:
    text = " ".join(str(value or "").split()).casefold()
    if text not in KIND_WORDS:
        raise CellError(_("unknown kind '%(value)s' (deadline or regular)") % {"value": value})
    return KIND_WORDS[text]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


@dataclass
class TaskRow:
    """A row that passed validation, with organisations resolved to ids."""

    line: int
    program: str
    code: str
    title: str
    lead_org_id: int
    coordinating_ids: tuple[int, ...]
    assigned_by_id: int
    assigned_on: date
    deadline: date | None
    kind: str
    expected_product: str
    responsible_person: str
    completed_on: date | None
    progress: int | None


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    programs_created: list[str] = field(default_factory=list)
    # Lines whose deadline or completion date the workflow had changed, kept as they are.
    kept_from_workflow: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportFailed(Exception):
    """The file has problems; nothing was written. `report.problems` lists them by line."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{len(report.problems)} problem(s)")
        self.report = report


class _Validator:
    """Turns source rows into TaskRows, collecting 'line N: field: message' problems."""

    def __init__(self, actor: Any, directory: OrgDirectory) -> None:
        self.actor = actor
        self.directory = directory
        self.first_line_of: dict[int, int] = {}
        self.assign_allowed: dict[int, bool] = {}
        self.problems: list[str] = []

    def can_assign_for(self, org_id: int) -> bool:
        allowed = self.assign_allowed.get(org_id)
        if allowed is None:
            allowed = permissions.can_assign_for(self.actor, self.directory.path_of[org_id])
            self.assign_allowed[org_id] = allowed
        return allowed

    def problem(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(at_line(line, column, message))

    def _org(self, line: int, column: str, value: Any) -> int | None:
        text = _text(value)
        if not text:
            self.problem(line, column, _("an organisation is required"))
            return None
        try:
            return self.directory.resolve(text)
        except OrgLookupError as exc:
            self.problem(line, column, str(exc))
            return None

    def _cell(self, line: int, column: str, parse: Any, value: Any) -> Any:
        try:
            return parse(value)
        except CellError as exc:
            self.problem(line, column, str(exc))
            return CellError

    def validate(self, row: SourceRow) -> TaskRow | None:
        line, cells = row.line, row.cells
        before = len(self.problems)
        code, program = _text(cells.get("code")), _text(cells.get("program"))
        title = _text(cells.get("title"))
        if not code:
            self.problem(line, "code", _("the code is empty"))
        if not program:
            self.problem(line, "program", _("the programme is empty"))
        if not title:
            self.problem(line, "title", _("the title is empty"))
        if code and program:
            # A 64-bit digest, not the strings: a million keys stay within a few dozen MB.
            key = int.from_bytes(
                hashlib.blake2b(f"{program}\x1f{code}".encode(), digest_size=8).digest(), "big"
            )
            first = self.first_line_of.setdefault(key, line)
            if first != line:
                self.problem(
                    line,
                    "code",
                    _(
                        "duplicate code '%(code)s' in programme "
                        "'%(program)s' (first on line %(first)s)"
                    )
                    % {"code": code, "program": program, "first": first},
                )
        lead = self._org(line, "lead_org", cells.get("lead_org"))
        assigned_by = self._org(line, "assigned_by", cells.get("assigned_by"))
        coordinating: list[int] = []
        for part in _text(cells.get("coordinating_orgs")).split(";"):
            if part.strip():
                org_id = self._org(line, "coordinating_orgs", part)
                if org_id is not None and org_id != lead:
                    coordinating.append(org_id)
        assigned_on = self._cell(line, "assigned_on", parse_date, cells.get("assigned_on"))
        if assigned_on is None:
            self.problem(line, "assigned_on", _("the assignment date is required"))
        deadline = self._cell(line, "deadline", parse_date, cells.get("deadline"))
        completed_on = self._cell(line, "completed_on", parse_date, cells.get("completed_on"))
        kind = self._cell(line, "kind", parse_kind, cells.get("kind"))
        progress = self._cell(line, "progress", parse_progress, cells.get("progress"))
        dates_ok = CellError not in (assigned_on, deadline, completed_on, kind)
        if dates_ok:
            errors: dict[str, list[str]] = {}
            check_task_dates(
                errors,
                kind=kind,
                assigned_on=assigned_on,
                deadline=deadline,
                completed_on=completed_on,
            )
            for column, messages in errors.items():
                for message in messages:
                    self.problem(line, column, message)
        if assigned_by is not None and not self.can_assign_for(assigned_by):
            self.problem(
                line,
                "assigned_by",
                _("you may not assign tasks for %(org)s")
                % {"org": self.directory.code_of[assigned_by]},
            )
        if len(self.problems) > before or lead is None or assigned_by is None:
            return None
        return TaskRow(
            line=line,
            program=program,
            code=code,
            title=title,
            lead_org_id=lead,
            coordinating_ids=tuple(dict.fromkeys(coordinating)),
            assigned_by_id=assigned_by,
            assigned_on=assigned_on,
            deadline=deadline,
            kind=kind,
            expected_product=_text(cells.get("expected_product")),
            responsible_person=_text(cells.get("responsible_person")),
            completed_on=completed_on,
            progress=progress,
        )


def _batches(rows: Iterable[TaskRow | None], size: int) -> Iterator[list[TaskRow | None]]:
    batch: list[TaskRow | None] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


NEW_TASK_COLUMNS = (
    "program",
    "code",
    "title",
    "description",
    "responsible_person",
    "kind",
    "deadline",
    "deadline_since",
    "original_deadline",
    "lead_org",
    "expected_product",
    "assigned_by",
    "assigned_on",
    "completed_on",
    "is_priority",
    "parent",
    "weight",
    "progress",
    "progress_reported_on",
    "missing_elements",
    "search_text",
    "version",
    "created_at",
    "updated_at",
)
TASK_FIELDS = (
    "title",
    "lead_org_id",
    "assigned_by_id",
    "assigned_on",
    "deadline",
    "kind",
    "expected_product",
    "responsible_person",
    "completed_on",
    "progress",
)


class _Writer:
    """Writes validated batches: creates new tasks, updates changed ones, leaves the rest."""

    def __init__(self, actor: Any, report: ImportReport, validator: _Validator) -> None:
        self.actor = actor
        self.report = report
        self.validator = validator
        self.coordinating_of: dict[int, list[int]] = {}
        self.extended: set[int] = set()
        self.confirmed: set[int] = set()
        self.roots = rollups.root_ids()
        # Rollup changes of new tasks, merged across batches: many tasks share a day and a
        # status, so one upsert at the end writes far fewer rows than one per batch.
        self.tally: Counter[rollups.Key] = Counter()
        self.programs: dict[str, Program] = {p.code: p for p in Program.objects.all()}
        self.created_programs: set[int] = set()

    def program(self, code: str) -> Program:
        program = self.programs.get(code)
        if program is None:
            program = Program.objects.create(code=code)
            audit.record(
                self.actor,
                AuditEventType.PROGRAM_CREATED,
                subject=program,
                data={"source": "import"},
            )
            self.programs[code] = program
            self.created_programs.add(program.pk)
            self.report.programs_created.append(code)
        return program

    def write(self, rows: list[TaskRow]) -> None:
        by_program: dict[int, dict[str, TaskRow]] = {}
        for row in rows:
            by_program.setdefault(self.program(row.program).pk, {})[row.code] = row
        existing: dict[tuple[int, str], Task] = {}
        for program_id, codes in by_program.items():
            if program_id in self.created_programs:
                continue  # a programme this import created has only this import's tasks
            in_file = Task.objects.filter(program_id=program_id, code__in=list(codes))
            for known in in_file.select_related("assigned_by"):
                existing[(program_id, known.code)] = known
        self.coordinating_of = _coordination_of(existing.values())
        known_ids = [task.pk for task in existing.values()]
        # Deadlines moved by an approved extension and completions confirmed in the workflow
        # belong to the workflow: a file (an old copy of the list, say) does not undo them.
        self.extended = set(
            TaskDeadline.objects.filter(
                task_id__in=known_ids, source=DeadlineSource.EXTENSION
            ).values_list("task_id", flat=True)
        )
        self.confirmed = set(
            CompletionRequest.objects.filter(
                task_id__in=known_ids, status=RequestStatus.CONFIRMED
            ).values_list("task_id", flat=True)
        )
        new_rows: list[tuple[int, TaskRow]] = []
        changed: list[tuple[Task, TaskRow, dict[str, list[Any]]]] = []
        for program_id, codes in by_program.items():
            for code, row in codes.items():
                task = existing.get((program_id, code))
                if task is None:
                    new_rows.append((program_id, row))
                    continue
                changes = self._apply(task, row)
                if changes is None:
                    continue
                if changes:
                    changed.append((task, row, changes))
                else:
                    self.report.unchanged += 1
        self._create(new_rows)
        self._update(changed)

    def _apply(self, task: Task, row: TaskRow) -> dict[str, list[Any]] | None:
        """The changes the row makes to `task`, applied; None if the actor may not make them."""
        before = {name: getattr(task, name) for name in TASK_FIELDS}
        after: dict[str, Any] = {
            "title": row.title,
            "lead_org_id": row.lead_org_id,
            "assigned_by_id": row.assigned_by_id,
            "assigned_on": row.assigned_on,
            "deadline": row.deadline,
            "kind": row.kind,
            "expected_product": row.expected_product,
            "responsible_person": row.responsible_person,
            "completed_on": row.completed_on,
            "progress": task.progress if row.progress is None else row.progress,
        }
        kept = False
        if task.pk in self.extended:
            kept = (row.deadline, row.kind) != (task.deadline, task.kind)
            after["deadline"], after["kind"] = task.deadline, task.kind
        if task.pk in self.confirmed:
            kept = kept or row.completed_on != task.completed_on
            after["completed_on"] = task.completed_on
        assigned_on = after["assigned_on"]
        for column in ("completed_on", "deadline"):
            kept_day = after[column]
            if kept and kept_day is not None and kept_day < assigned_on:
                self.validator.problem(
                    row.line,
                    "assigned_on",
                    _("%(day)s is after the %(what)s %(kept)s set through the workflow")
                    % {
                        "day": assigned_on.isoformat(),
                        "kept": kept_day.isoformat(),
                        "what": _("completion") if column == "completed_on" else _("deadline"),
                    },
                )
                return None
        if kept:
            self.report.kept_from_workflow.append(row.line)
        changes = audit.diff(before, after)
        coordinating = set(row.coordinating_ids)
        had = set(self.coordinating_of.get(task.pk, ()))
        if had != coordinating:
            changes["coordinating_orgs"] = [sorted(had), sorted(coordinating)]
        if changes and not permissions.can_assign_for(self.actor, task.assigned_by.path):
            self.validator.problem(
                row.line,
                "code",
                _("you may not change tasks assigned by %(org)s") % {"org": task.assigned_by.code},
            )
            return None
        for name, value in after.items():
            setattr(task, name, value)
        return changes

    def _create(self, items: list[tuple[int, TaskRow]]) -> None:
        """Insert new tasks with their original deadline, coordination and audit events."""
        if not items:
            return
        now = timezone.now()
        new_ids = reserve_ids(Task, len(items))
        ids = {(p, r.code): pk for (p, r), pk in zip(items, new_ids, strict=True)}
        task_rows = []
        for program_id, row in items:
            missing, search_text = derived_values(
                code=row.code,
                title=row.title,
                responsible_person=row.responsible_person,
                kind=row.kind,
                deadline=row.deadline,
                expected_product=row.expected_product,
            )
            task_rows.append(
                (
                    ids[(program_id, row.code)],
                    program_id,
                    row.code,
                    row.title,
                    "",
                    row.responsible_person,
                    row.kind,
                    row.deadline,
                    row.assigned_on if row.deadline else None,
                    row.deadline,
                    row.lead_org_id,
                    row.expected_product,
                    row.assigned_by_id,
                    row.assigned_on,
                    row.completed_on,
                    False,
                    None,
                    1,
                    row.progress or 0,
                    None,
                    missing,
                    search_text,
                    1,
                    now,
                    now,
                )
            )
        insert_rows(Task, ("id", *NEW_TASK_COLUMNS), task_rows)
        insert_rows(
            TaskDeadline,
            ("task", "deadline", "effective_on", "source", "recorded_at"),
            (
                (ids[(p, r.code)], r.deadline, r.assigned_on, DeadlineSource.ORIGINAL, now)
                for p, r in items
                if r.deadline is not None
            ),
        )
        insert_rows(
            TaskCoordination,
            ("task", "organization"),
            ((ids[(p, r.code)], org_id) for p, r in items for org_id in r.coordinating_ids),
        )
        actor_id = audit.as_user(self.actor).pk if audit.as_user(self.actor) else None
        insert_rows(
            AuditEvent,
            (
                "occurred_at",
                "actor",
                "event",
                "subject_type",
                "subject_id",
                "subject_label",
                "changes",
                "data",
            ),
            (
                (
                    now,
                    actor_id,
                    AuditEventType.TASK_IMPORTED.value,
                    "task",
                    ids[(p, r.code)],
                    task_label(r.code, r.title),
                    {},
                    {"line": r.line, "created": True},
                )
                for p, r in items
            ),
        )
        for program_id, row in items:
            facts = TaskFacts(
                assigned_on=row.assigned_on,
                is_regular=row.kind == TaskKind.REGULAR,
                completed_on=row.completed_on,
                deadlines=(Deadline(row.assigned_on, row.deadline),) if row.deadline else (),
            )
            rollups.add_deltas(
                self.tally,
                rollups.PlacedFacts(facts, program_id, self.roots[row.lead_org_id]),
            )
        if len(self.tally) > TALLY_FLUSH_KEYS:
            self.flush()
        self.report.created += len(items)

    def flush(self) -> None:
        """Write the merged rollup changes."""
        rollups.apply(self.tally)
        self.tally.clear()

    def _update(self, items: list[tuple[Task, TaskRow, dict[str, list[Any]]]]) -> None:
        if not items:
            return
        with rollups.tracking((task.pk for task, _row, _changes in items), self.roots):
            self._save_updates(items)
        audit.record_many(
            audit.build(
                self.actor,
                AuditEventType.TASK_IMPORTED,
                subject=task,
                changes=changes,
                data={"line": row.line, "created": False},
            )
            for task, row, changes in items
        )
        self.report.updated += len(items)

    def _save_updates(self, items: list[tuple[Task, TaskRow, dict[str, list[Any]]]]) -> None:
        for task, row, changes in items:
            derived_fields(task)
            task.version += 1
            if {"deadline", "kind", "assigned_on"} & set(changes):
                self._redate(task)
            if "coordinating_orgs" in changes:
                task.coordinations.all().delete()
                TaskCoordination.objects.bulk_create(
                    TaskCoordination(task=task, organization_id=org_id)
                    for org_id in row.coordinating_ids
                )
        Task.objects.bulk_update(
            [task for task, _row, _changes in items],
            [
                *TASK_FIELDS,
                "missing_elements",
                "search_text",
                "version",
                "deadline_since",
                "original_deadline",
            ],
            batch_size=BATCH_SIZE,
        )

    @staticmethod
    def _redate(task: Task) -> None:
        """Keep the deadline history in step with new dates from the file: the file's deadline
        replaces the original one; once extended, the deadlines are the workflow's and only
        their dates of taking force follow the assignment date."""
        history = list(task.deadlines.order_by("effective_on", "id"))
        if not any(entry.source == DeadlineSource.EXTENSION for entry in history):
            task.deadlines.all().delete()
            if task.deadline is None:
                task.deadline_since = task.original_deadline = None
                return
            TaskDeadline.objects.create(
                task=task,
                deadline=task.deadline,
                effective_on=task.assigned_on,
                source=DeadlineSource.ORIGINAL,
            )
            task.deadline_since, task.original_deadline = task.assigned_on, task.deadline
            return
        for entry in history:
            moved = (
                task.assigned_on
                if entry.source == DeadlineSource.ORIGINAL
                else max(entry.effective_on, task.assigned_on)
            )
            if moved != entry.effective_on:
                entry.effective_on = moved
                entry.save(update_fields=["effective_on"])
        task.deadline_since = max(entry.effective_on for entry in history)


def _coordination_of(tasks: Iterable[Task]) -> dict[int, list[int]]:
    """The coordinating organisation ids of each task, in one query."""
    coordinating: dict[int, list[int]] = {}
    for task_id, org_id in TaskCoordination.objects.filter(
        task_id__in=[task.pk for task in tasks]
    ).values_list("task_id", "organization_id"):
        coordinating.setdefault(task_id, []).append(org_id)
    return coordinating


def tasks_import(actor: Any, stream: IO[bytes], *, dry_run: bool = False) -> ImportReport:
    """Import a CSV or XLSX file; raises ImportFailed (with every problem) and writes nothing
    if any row is invalid. `dry_run` does all the work and rolls it back, so a preview reports
    exactly what confirming would do."""
    report = ImportReport()
    directory = OrgDirectory.load()
    validator = _Validator(actor, directory)
    try:
        with transaction.atomic():
            writer = _Writer(actor, report, validator)
            for batch in _batches(
                (validator.validate(row) for row in read_rows(stream)), BATCH_SIZE
            ):
                report.rows += len(batch)
                if validator.problems:
                    continue  # keep validating to report every problem; write nothing more
                writer.write([row for row in batch if row is not None])
            writer.flush()
            if validator.problems:
                report.problems = validator.problems
                raise ImportFailed(report)
            if dry_run:
                transaction.set_rollback(True)
    except HeaderError as exc:
        report.problems = [str(exc)]
        raise ImportFailed(report) from None
    return report
