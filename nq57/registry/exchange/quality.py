"""Importing quality check results, all or nothing: `database,period,criterion,
records_checked,records_passing`, one row a check of one criterion of a database for a
quarter. Every row is checked first, with its line and column; then each is recorded through
the service in one transaction. The same file again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.core.actors import Actor
from nq57.core.errors import ValidationFailed
from nq57.core.exchange import (
    CellError,
    Column,
    HeaderError,
    ImportRejected,
    ImportReport,
    Layout,
    Problems,
    nothing_imported,
    parse_number,
    parse_text,
    read_rows,
)

from ..quality import services
from ..quality.choices import Criterion
from ..quality.permissions import recordable_databases
from .layout import coded

MAX_PROBLEMS = 1000


def whole_count(value: Any) -> int:
    if value is None or str(value).strip() == "":
        raise CellError(_("this column is required"))
    number = parse_number(value, whole=True)
    if number != number.to_integral_value() or number < 0:
        raise CellError(_("'%(value)s' is not a whole number of records") % {"value": value})
    return int(number)


QUALITY_CHECKS = Layout(
    "quality_checks",
    (
        Column("database", parse=parse_text),
        Column("period", parse=parse_text),
        Column("criterion", parse=coded(Criterion)),
        Column("records_checked", parse=whole_count),
        Column("records_passing", parse=whole_count),
    ),
)


@dataclass(frozen=True)
class CheckRow:
    line: int
    database: str
    period: str
    criterion: str
    checked: int
    passing: int


def quality_checks_import(
    actor: Actor, stream: IO[bytes], *, dry_run: bool = False
) -> ImportReport:
    """Import a CSV or XLSX file of check results as the owner (their own databases only; the
    secretariat and the system any); raises ImportRejected, writing nothing, on any problem."""
    report = ImportReport(dry_run=dry_run)
    problems = Problems(MAX_PROBLEMS)
    allowed = {database.code: database for database in recordable_databases(actor)}
    rows: list[CheckRow] = []
    first: dict[tuple[str, str, str], CheckRow] = {}
    try:
        for source in read_rows(stream, QUALITY_CHECKS):
            report.rows += 1
            problems.names = source.header.written
            row = _row(source.line, source.cells, problems, allowed)
            if row is None:
                continue
            key = (row.database, row.period, row.criterion)
            seen = first.setdefault(key, row)
            if seen is row:
                rows.append(row)
            elif (seen.checked, seen.passing) == (row.checked, row.passing):
                report.unchanged += 1
            else:
                problems.add(
                    row.line,
                    "records_passing" if seen.checked == row.checked else "records_checked",
                    _(
                        "another result for %(database)s %(period)s %(criterion)s "
                        "is on line %(first)s"
                    )
                    % {**key_words(key), "first": seen.line},
                )
    except HeaderError as exc:
        report.problems = [str(exc)]
        raise ImportRejected(report, message=nothing_imported(1)) from None
    if problems:
        report.problems = problems.messages
        raise ImportRejected(report, message=nothing_imported(len(report.problems)))
    with transaction.atomic():
        for row in rows:
            _result, created = services.check_result_record(
                actor,
                database=allowed[row.database],
                period=row.period,
                criterion=row.criterion,
                records_checked=row.checked,
                records_passing=row.passing,
            )
            report.created += created
            report.unchanged += not created
        if dry_run:
            transaction.set_rollback(True)
    return report


def key_words(key: tuple[str, str, str]) -> dict[str, str]:
    return {"database": key[0], "period": key[1], "criterion": key[2]}


def _row(
    line: int, cells: dict[str, Any], problems: Problems, allowed: dict[str, Any]
) -> CheckRow | None:
    before = len(problems)
    values: dict[str, Any] = {}
    for column in QUALITY_CHECKS.columns:
        try:
            values[column.key] = column.parse(cells.get(column.key)) if column.parse else None
        except CellError as exc:
            problems.add(line, column.key, str(exc))
    code = values.get("database") or ""
    if "database" in values and code not in allowed:
        problems.add(
            line,
            "database",
            _("no database %(code)s whose quality you may record") % {"code": code}
            if code
            else _("this column is required"),
        )
    if "period" in values:
        try:
            values["period"] = services.quarter_end(values["period"])[0]
        except ValidationFailed as exc:
            problems.add(line, "period", exc.message)
    if len(problems) > before:
        return None
    try:
        services.check_counts(values["records_checked"], values["records_passing"])
    except ValidationFailed as exc:
        problems.add(line, "records_passing", exc.message)
        return None
    return CheckRow(
        line=line,
        database=code,
        period=values["period"],
        criterion=values["criterion"],
        checked=values["records_checked"],
        passing=values["records_passing"],
    )
