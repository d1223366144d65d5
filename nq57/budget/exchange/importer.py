"""Importing the budget from its exchange file, all or nothing: every row is checked first
(a ledger file holds thousands of rows at most), then written through the services in one
transaction."""

from __future__ import annotations

from pathlib import PurePath
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core.actors import Actor
from nq57.core.errors import NotPermitted
from nq57.core.exchange import (
    HeaderError,
    ImportRejected,
    ImportReport,
    nothing_imported,
    read_rows,
)
from nq57.orgs.lookup import OrgDirectory
from nq57.orgs.models import Organization

from .. import permissions, services
from ..models import Programme
from ..watch import watch_money
from .layout import BUDGET
from .validate import BudgetRow, BudgetValidator

SOURCE_WITHOUT_NAME = "budget import"  # a stream with no file name (the demo, tests)


def budget_import(
    actor: Actor, stream: IO[bytes], *, dry_run: bool = False, source_name: str = ""
) -> ImportReport:
    """Import a CSV or XLSX budget file; raises ImportRejected (with every problem, by line
    and column) and writes nothing if any row is wrong. Each entry records the file's name
    as its source."""
    if not permissions.can_record_budget(actor):
        raise NotPermitted(_("only the ledger's keepers may import the budget"))
    report = ImportReport(dry_run=dry_run)
    name = source_name or PurePath(str(getattr(stream, "name", "") or "")).name
    validator = BudgetValidator(OrgDirectory.load())
    try:
        for source in read_rows(stream, BUDGET):
            report.rows += 1
            validator.validate(source)
    except HeaderError as exc:
        report.problems = [str(exc)]
        raise _rejected(report) from None
    if not validator.problems:
        validator.check_recorded()
    if validator.problems:
        report.problems = validator.problems.messages
        raise _rejected(report)
    with transaction.atomic():
        _write(actor, validator.rows, report, name or SOURCE_WITHOUT_NAME)
        report.unchanged += validator.repeated
        if dry_run:
            transaction.set_rollback(True)
        elif report.created:
            # The queue's alerts follow the ledger at once, not at the next morning's watch.
            watch_money(timezone.localdate())
    return report


def _write(actor: Actor, rows: list[BudgetRow], report: ImportReport, source: str) -> None:
    known = {code.casefold() for code in Programme.objects.values_list("code", flat=True)}
    programmes: dict[str, Programme] = {}
    for row in rows:
        folded = row.program.casefold()
        if folded not in programmes:
            programmes[folded] = services.programme_get_or_create(actor, code=row.program)
    organizations = Organization.objects.in_bulk({row.org_id for row in rows})
    for row in rows:
        _, created = services.entry_record(
            actor,
            year=row.year,
            organization=organizations[row.org_id],
            programme=programmes[row.program.casefold()],
            stage=row.stage,
            amount=row.amount,
            dated=row.dated,
            source=source,
        )
        report.created += created
        report.unchanged += not created
    report.details = {
        "programmes_created": sorted(
            programme.code for folded, programme in programmes.items() if folded not in known
        )
    }


def _rejected(report: ImportReport) -> ImportRejected:
    return ImportRejected(report, message=nothing_imported(len(report.problems)))
