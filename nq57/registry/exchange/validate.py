"""Checking each row of a database file: cells, the owner, a database described alike on
every row, and a day's status said once (in the file and against what is recorded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from nq57.core.exchange import CellError, Problems, SourceRow
from nq57.orgs.lookup import OrgDirectory, OrgLookupError

from ..models import StatusEntry
from .layout import DATABASES

MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class DatabaseRow:
    """A row that passed its own checks, its owner resolved to an id."""

    line: int
    code: str
    name: str
    kind: str
    owner_id: int
    lists: tuple[str, ...]
    status: str
    risk: str
    since: date
    legal_basis: str
    target_on: date | None
    risk_reason: str

    @property
    def described(self) -> tuple[str, str, int]:
        return (self.name, self.kind, self.owner_id)

    @property
    def standing(self) -> tuple[str, str, str]:
        return (self.status, self.risk, self.risk_reason)


class DatabaseValidator:
    """Turns source rows into DatabaseRows, collecting 'line N: column: message' problems;
    `rows` keeps each day's status once (an identical repeat is dropped)."""

    def __init__(self, directory: OrgDirectory) -> None:
        self.directory = directory
        self.problems = Problems(MAX_PROBLEMS)
        self.rows: list[DatabaseRow] = []
        self.repeated = 0
        self._first_described: dict[str, DatabaseRow] = {}
        self._first_standing: dict[tuple[str, date], DatabaseRow] = {}

    def validate(self, source: SourceRow) -> None:
        line, cells = source.line, source.cells
        self.problems.names = source.header.written
        before = len(self.problems)
        values = {column.key: self._cell(line, column.key, cells) for column in DATABASES.columns}
        if not values["code"]:
            self.problems.add(line, "code", _("the code is empty"))
        if not values["name"]:
            self.problems.add(line, "name", _("the name is empty"))
        owner = self._owner(line, values["owner_org"])
        if len(self.problems) > before or owner is None:
            return
        row = DatabaseRow(
            line=line,
            code=values["code"],
            name=values["name"],
            kind=values["kind"],
            owner_id=owner,
            lists=values["lists"],
            status=values["status"],
            risk=values["risk"],
            since=values["since"],
            legal_basis=values["legal_basis"] or "",
            target_on=values["target_date"],
            risk_reason=values["risk_reason"] or "",
        )
        self._check_described(row)
        self._check_standing(row)

    def _check_described(self, row: DatabaseRow) -> None:
        """A database's name, kind and owner are the same on each of its rows."""
        first = self._first_described.setdefault(row.code, row)
        for column, mine, theirs in zip(
            ("name", "kind", "owner_org"), row.described, first.described, strict=True
        ):
            if mine != theirs:
                self.problems.add(
                    row.line,
                    column,
                    _("%(code)s is described otherwise on line %(first)s")
                    % {"code": row.code, "first": first.line},
                )

    def _check_standing(self, row: DatabaseRow) -> None:
        """One status a day: a repeat that says the same is dropped, another is refused."""
        first = self._first_standing.setdefault((row.code, row.since), row)
        if first is row:
            self.rows.append(row)
        elif first.standing == row.standing:
            self.repeated += 1
        else:
            self.problems.add(
                row.line,
                _differing_column(row.standing, first.standing),
                _("%(code)s has another status from %(since)s on line %(first)s")
                % {"code": row.code, "since": row.since.isoformat(), "first": first.line},
            )

    def check_recorded(self) -> None:
        """Refuse the rows that would rewrite a status already recorded for their day."""
        codes = {row.code for row in self.rows}
        recorded = {
            (code, since): (status, risk, reason)
            for code, since, status, risk, reason in StatusEntry.objects.filter(
                database__code__in=codes
            ).values_list("database__code", "since", "status", "risk", "risk_reason")
        }
        for row in self.rows:
            found = recorded.get((row.code, row.since))
            if found is None:
                continue
            # A row without a reason keeps the one recorded (the file's name, say).
            theirs = found if row.risk_reason else (*found[:2], "")
            if row.standing != theirs:
                self.problems.add(
                    row.line,
                    _differing_column(row.standing, theirs),
                    _(
                        "%(code)s already has another status recorded from %(since)s; "
                        "history is not rewritten"
                    )
                    % {"code": row.code, "since": row.since.isoformat()},
                )

    def _owner(self, line: int, text: str | None) -> int | None:
        if not text:
            self.problems.add(line, "owner_org", _("an organisation is required"))
            return None
        try:
            return self.directory.resolve(text)
        except OrgLookupError as exc:
            self.problems.add(line, "owner_org", str(exc))
            return None

    def _cell(self, line: int, column: str, cells: dict[str, Any]) -> Any:
        """The cell read by its column's parser, or None (with its problem recorded)."""
        parse = DATABASES.column(column).parse
        try:
            return parse(cells.get(column)) if parse else cells.get(column)
        except CellError as exc:
            self.problems.add(line, column, str(exc))
            return None


def _differing_column(mine: tuple[str, str, str], theirs: tuple[str, str, str]) -> str:
    """The first of status, risk, reason that two standings disagree on."""
    for column, a, b in zip(("status", "risk", "risk_reason"), mine, theirs, strict=True):
        if a != b:
            return column
    return "since"
