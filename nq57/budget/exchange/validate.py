"""Checking each row of a budget file: its cells, its organisation, and a proposal or an
approval said once a day (in the file and against what is recorded). An identical line is
the same entry, in the file or already recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from nq57.core.exchange import CellError, Problems, SourceRow
from nq57.orgs.lookup import OrgDirectory, OrgLookupError

from ..choices import IN_FORCE_STAGES, Stage
from ..models import Entry
from .layout import BUDGET

MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class BudgetRow:
    """A row that passed its own checks, its organisation resolved to an id."""

    line: int
    year: int
    org_id: int
    program: str
    stage: str
    amount: int
    dated: date

    @property
    def day_key(self) -> tuple[int, int, str, str, date]:
        """What one day's proposal or approval is about (the programme case-folded)."""
        return (self.year, self.org_id, self.program.casefold(), self.stage, self.dated)

    @property
    def identity(self) -> tuple[int, int, str, str, date, int]:
        return (*self.day_key, self.amount)


class BudgetValidator:
    """Turns source rows into BudgetRows, collecting 'line N: column: message' problems;
    `rows` keeps each entry once (an identical repeat is counted in `repeated`)."""

    def __init__(self, directory: OrgDirectory) -> None:
        self.directory = directory
        self.problems = Problems(MAX_PROBLEMS)
        self.rows: list[BudgetRow] = []
        self.repeated = 0
        self._seen: set[tuple[int, int, str, str, date, int]] = set()
        self._first_of_day: dict[tuple[int, int, str, str, date], BudgetRow] = {}

    def validate(self, source: SourceRow) -> None:
        line, cells = source.line, source.cells
        self.problems.names = source.header.written
        before = len(self.problems)
        values = {column.key: self._cell(line, column.key, cells) for column in BUDGET.columns}
        org = self._org(line, values["org"]) if values["org"] else None
        if len(self.problems) > before or org is None:
            return
        row = BudgetRow(
            line=line,
            year=values["year"],
            org_id=org,
            program=values["program"],
            stage=values["stage"],
            amount=values["amount"],
            dated=values["on"],
        )
        if row.identity in self._seen:
            self.repeated += 1
            return
        if row.stage in IN_FORCE_STAGES:
            first = self._first_of_day.setdefault(row.day_key, row)
            if first is not row:
                self.problems.add(
                    line,
                    "amount",
                    _("another %(stage)s amount for the same day is on line %(first)s")
                    % {"stage": Stage(row.stage).label.lower(), "first": first.line},
                )
                return
        self._seen.add(row.identity)
        self.rows.append(row)

    def check_recorded(self) -> None:
        """Refuse a proposal or approval that would rewrite another amount already recorded
        for its day."""
        years = {row.year for row in self.rows}
        recorded: dict[tuple[int, int, str, str, date], set[int]] = {}
        for year, org, program, stage, dated, amount in Entry.objects.filter(
            year__in=years, stage__in=IN_FORCE_STAGES
        ).values_list("year", "organization_id", "programme__code", "stage", "dated", "amount"):
            recorded.setdefault((year, org, program.casefold(), stage, dated), set()).add(amount)
        for row in self.rows:
            amounts = recorded.get(row.day_key)
            if row.stage in IN_FORCE_STAGES and amounts and row.amount not in amounts:
                self.problems.add(
                    row.line,
                    "amount",
                    _(
                        "another %(stage)s amount is already recorded for %(day)s; "
                        "history is not rewritten"
                    )
                    % {
                        "stage": Stage(row.stage).label.lower(),
                        "day": row.dated.strftime("%d/%m/%Y"),
                    },
                )

    def _org(self, line: int, text: str) -> int | None:
        try:
            return self.directory.resolve(text)
        except OrgLookupError as exc:
            self.problems.add(line, "org", str(exc))
            return None

    def _cell(self, line: int, column: str, cells: dict[str, Any]) -> Any:
        """The cell read by its column's parser, or None (with its problem recorded)."""
        parse = BUDGET.column(column).parse
        try:
            return parse(cells.get(column)) if parse else cells.get(column)
        except CellError as exc:
            self.problems.add(line, column, str(exc))
            return None
