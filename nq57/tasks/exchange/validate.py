"""Checking each row of a task file on its own: cells, organisations, dates, the right to
assign, and codes repeated in the file."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core.actors import Actor
from nq57.core.exchange import CellError, FirstLines, Problems, SourceRow, parse_text
from nq57.core.exchange.layout import MACHINE_HEADER
from nq57.orgs.choices import OrgKind
from nq57.orgs.lookup import OrgDirectory, OrgLookupError
from nq57.orgs.models import Organization

from .. import permissions
from ..rules import assignment_date_problem, may_assign_to
from ..services import DATE_MESSAGES, assign_downward_message, check_task_dates
from .layout import TASKS

MAX_PROBLEMS = 1000
PARSERS = {column.key: column.parse for column in TASKS.columns if column.parse is not None}


class _Invalid:
    """A cell that could not be read (its problem is recorded)."""


INVALID = _Invalid()


@dataclass(frozen=True, slots=True)
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
    evidence_links: tuple[str, ...] = ()
    is_confidential: bool = False


class TaskValidator:
    """Turns source rows into TaskRows, collecting 'line N: column: message' problems."""

    def __init__(self, actor: Actor, directory: OrgDirectory, *, source_name: str = "") -> None:
        self.actor = actor
        self.directory = directory
        # The secretariat or the system bringing history in: past dates and completions.
        self.brings_history = permissions.can_bring_history(actor)
        self.history_reason = source_name
        self.committees = set(
            Organization.objects.filter(kind=OrgKind.STEERING_COMMITTEE).values_list(
                "pk", flat=True
            )
        )
        self.first_lines = FirstLines()
        self.problems = Problems(MAX_PROBLEMS)
        self.header = MACHINE_HEADER

        @functools.cache  # a file names a few hundred organisations a million times
        def can_assign_for(org_id: int) -> bool:
            return permissions.can_assign_for(actor, directory.path_of[org_id])

        self.can_assign_for = can_assign_for

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.add(line, column, message)

    def validate(self, row: SourceRow) -> TaskRow | None:
        """The row's task, or None when the row has problems (recorded)."""
        line, cells = row.line, row.cells
        if row.header is not self.header:  # the file's own names for its columns, once
            self.header = row.header
            self.problems.names = row.header.written
        before = len(self.problems)
        code, program, title = self._names(line, cells)
        lead = self._org(line, "lead_org", cells.get("lead_org"))
        assigned_by = self._org(line, "assigned_by", cells.get("assigned_by"))
        coordinating = self._coordinating(line, cells, lead)
        assigned_on = self._cell(line, "assigned_on", cells)
        if assigned_on is None:
            self.problem(line, "assigned_on", _("the assignment date is required"))
        deadline = self._cell(line, "deadline", cells)
        completed_on = self._cell(line, "completed_on", cells)
        kind = self._cell(line, "kind", cells)
        progress = self._cell(line, "progress", cells)
        confidential = self._cell(line, "confidential", cells)
        if INVALID not in (assigned_on, deadline, completed_on, kind):
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
        self._check_assignment(line, lead, assigned_by, assigned_on)
        if completed_on not in (None, INVALID) and not self.brings_history:
            self.problem(
                line,
                "completed_on",
                _("only the secretariat bringing history in may import a completion"),
            )
        links = self._evidence(line, cells)
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
            expected_product=parse_text(cells.get("expected_product")),
            responsible_person=parse_text(cells.get("responsible_person")),
            completed_on=completed_on,
            progress=progress,
            evidence_links=links,
            is_confidential=bool(confidential),
        )

    def _check_assignment(
        self, line: int, lead: int | None, assigned_by: int | None, assigned_on: Any
    ) -> None:
        """The services' rules on who is given the task and when (`check_assignment`), on
        resolved ids: only downward, never ahead, back-dated only as history."""
        if lead is not None and assigned_by is not None:
            allowed = may_assign_to(
                assigner_path=self.directory.path_of[assigned_by],
                assigner_is_committee=assigned_by in self.committees,
                lead_path=self.directory.path_of[lead],
            )
            if not allowed:
                message = assign_downward_message(
                    self.directory.code_of[assigned_by], self.directory.code_of[lead]
                )
                self.problem(line, "lead_org", message)
        if isinstance(assigned_on, date):
            problem = assignment_date_problem(
                assigned_on=assigned_on,
                today=timezone.localdate(),
                brings_history=self.brings_history,
                history_reason=self.history_reason,
            )
            if problem is not None:
                self.problem(line, "assigned_on", str(DATE_MESSAGES[problem][1]))

    def _evidence(self, line: int, cells: dict[str, Any]) -> tuple[str, ...]:
        """The evidence links of an imported completion, each a web address."""
        links = [part.strip() for part in parse_text(cells.get("evidence")).split(";")]
        for link in links:
            if link and not link.startswith(("https://", "http://")):
                self.problem(
                    line, "evidence", _("'%(link)s' is not a web address") % {"link": link}
                )
        return tuple(link for link in links if link)

    def _names(self, line: int, cells: dict[str, Any]) -> tuple[str, str, str]:
        """The code, programme and title; each required, the code once per programme."""
        code, program = parse_text(cells.get("code")), parse_text(cells.get("program"))
        title = parse_text(cells.get("title"))
        if not code:
            self.problem(line, "code", _("the code is empty"))
        if not program:
            self.problem(line, "program", _("the programme is empty"))
        if not title:
            self.problem(line, "title", _("the title is empty"))
        if code and program:
            first = self.first_lines.first_line(f"{program}\x1f{code}", line)
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
        return code, program, title

    def _org(self, line: int, column: str, value: Any) -> int | None:
        text = parse_text(value)
        if not text:
            self.problem(line, column, _("an organisation is required"))
            return None
        try:
            return self.directory.resolve(text)
        except OrgLookupError as exc:
            self.problem(line, column, str(exc))
            return None

    def _coordinating(self, line: int, cells: dict[str, Any], lead: int | None) -> list[int]:
        found: list[int] = []
        for part in parse_text(cells.get("coordinating_orgs")).split(";"):
            if part.strip():
                org_id = self._org(line, "coordinating_orgs", part)
                if org_id is not None and org_id != lead:
                    found.append(org_id)
        return found

    def _cell(self, line: int, column: str, cells: dict[str, Any]) -> Any:
        """The cell read by its column's parser, or INVALID (with its problem recorded)."""
        try:
            return PARSERS[column](cells.get(column))
        except CellError as exc:
            self.problem(line, column, str(exc))
            return INVALID
