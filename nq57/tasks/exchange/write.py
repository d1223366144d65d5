"""Writing a task file's valid rows batch by batch: new tasks created in bulk, known ones
updated, unchanged ones left alone, programmes created on first mention."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from nq57.core import audit
from nq57.core.actors import Actor
from nq57.core.exchange import ImportReport, Problems

from .. import events, rollups
from ..models import Program, Task
from .create import create_tasks
from .update import Changes, WorkflowDates, apply_row, save_updates
from .validate import TaskRow

# Rollup changes of new tasks are merged across batches (many tasks share a day and a
# status, so one upsert writes far fewer rows than one per batch) up to this many keys.
TALLY_FLUSH_KEYS = 1_000_000


class TaskWriter:
    """Writes validated batches in the caller's transaction, counting into the report."""

    def __init__(
        self, actor: Actor, report: ImportReport, problems: Problems, *, source_name: str = ""
    ) -> None:
        self.actor = actor
        self.source_name = source_name
        self.report = report
        self.problems = problems
        self.programs_created: list[str] = report.details.setdefault("programs_created", [])
        self.kept_lines: list[int] = report.details.setdefault("kept_from_workflow", [])
        self.roots = rollups.root_ids()
        self.tally: Counter[rollups.Key] = Counter()
        self.programs: dict[str, Program] = {p.code: p for p in Program.objects.all()}
        self.created_programs: set[int] = set()

    def program(self, code: str) -> Program:
        """The programme of that code, created (and audited) the first time a file names it."""
        program = self.programs.get(code)
        if program is None:
            program = Program.objects.create(code=code)
            audit.record(
                self.actor,
                events.PROGRAM_CREATED,
                subject=program,
                data={"source": "import"},
            )
            self.programs[code] = program
            self.created_programs.add(program.pk)
            self.programs_created.append(code)
        return program

    def write(self, rows: Sequence[TaskRow]) -> None:
        """Create, update or leave each row's task (the last row of a code wins in a batch)."""
        by_program: dict[int, dict[str, TaskRow]] = {}
        for row in rows:
            by_program.setdefault(self.program(row.program).pk, {})[row.code] = row
        existing = self._existing(by_program)
        workflow = WorkflowDates(list(existing.values()))
        new_rows: list[tuple[int, TaskRow]] = []
        changed: list[tuple[Task, TaskRow, Changes]] = []
        for program_id, codes in by_program.items():
            for code, row in codes.items():
                task = existing.get((program_id, code))
                if task is None:
                    new_rows.append((program_id, row))
                    continue
                changes = apply_row(
                    self.actor,
                    task,
                    row,
                    workflow,
                    problems=self.problems,
                    kept_lines=self.kept_lines,
                )
                if changes is None:
                    continue
                if changes:
                    changed.append((task, row, changes))
                else:
                    self.report.unchanged += 1
        if new_rows:
            create_tasks(
                self.actor,
                new_rows,
                roots=self.roots,
                tally=self.tally,
                source_name=self.source_name,
            )
            if len(self.tally) > TALLY_FLUSH_KEYS:
                self.flush()
            self.report.created += len(new_rows)
        if changed:
            save_updates(self.actor, changed, self.roots)
            self.report.updated += len(changed)

    def _existing(self, by_program: dict[int, dict[str, TaskRow]]) -> dict[tuple[int, str], Task]:
        existing: dict[tuple[int, str], Task] = {}
        for program_id, codes in by_program.items():
            if program_id in self.created_programs:
                continue  # a programme this import created has only this import's tasks
            in_file = Task.objects.filter(program_id=program_id, code__in=list(codes))
            for known in in_file.select_related("assigned_by"):
                existing[(program_id, known.code)] = known
        return existing

    def flush(self) -> None:
        """Write the merged rollup changes."""
        rollups.apply(self.tally)
        self.tally.clear()
