"""Importing the registry from its exchange file, all or nothing: every row is checked first
(the file is a registry, thousands of rows at most, so it is held), then written through the
services in one transaction."""

from __future__ import annotations

from pathlib import PurePath
from typing import IO

from django.db import transaction
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
from ..models import Database, DatabaseList
from .layout import DATABASES
from .validate import DatabaseRow, DatabaseValidator

SOURCE_WITHOUT_NAME = "database import"  # a stream with no file name (the demo, tests)


def databases_import(
    actor: Actor, stream: IO[bytes], *, dry_run: bool = False, source_name: str = ""
) -> ImportReport:
    """Import a CSV or XLSX file of databases and their status history; raises
    ImportRejected (with every problem, by line and column) and writes nothing if any row is
    wrong. The file's name (`source_name`, else the stream's) is the reason recorded for a
    risk the file gives without one."""
    if not permissions.can_import_registry(actor):
        raise NotPermitted(_("only the secretariat may import the registry"))
    report = ImportReport(dry_run=dry_run)
    name = source_name or PurePath(str(getattr(stream, "name", "") or "")).name
    validator = DatabaseValidator(OrgDirectory.load())
    try:
        for source in read_rows(stream, DATABASES):
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
    return report


def _write(actor: Actor, rows: list[DatabaseRow], report: ImportReport, reason: str) -> None:
    """Each list, then each database once (described by its first row, on every list its
    rows name), then each day's status, through the services."""
    known_lists = set(DatabaseList.objects.values_list("code", flat=True))
    lists = {
        code: services.database_list_get_or_create(actor, code=code)
        for code in dict.fromkeys(code for row in rows for code in row.lists)
    }
    owners = Organization.objects.in_bulk({row.owner_id for row in rows})
    first_rows: dict[str, DatabaseRow] = {}
    lists_of: dict[str, dict[str, None]] = {}
    legal_basis: dict[str, str] = {}
    for row in rows:
        first_rows.setdefault(row.code, row)
        lists_of.setdefault(row.code, {}).update(dict.fromkeys(row.lists))
        if row.legal_basis:
            legal_basis.setdefault(row.code, row.legal_basis)
    existing = set(Database.objects.filter(code__in=first_rows).values_list("code", flat=True))
    databases = {}
    for code, first in first_rows.items():
        database, changed = services.database_save(
            actor,
            code=code,
            name=first.name,
            kind=first.kind,
            owner=owners[first.owner_id],
            lists=[lists[found] for found in lists_of[code]],
            legal_basis=legal_basis.get(code, ""),
            target_on=first.target_on,
        )
        databases[code] = database
        report.updated += changed and code in existing
    for row in rows:
        _, created = services.status_record(
            actor,
            database=databases[row.code],
            since=row.since,
            status=row.status,
            risk=row.risk,
            risk_reason=row.risk_reason,
            default_reason=reason,
        )
        report.created += created
        report.unchanged += not created
    report.details = {
        "databases_created": sorted(set(first_rows) - existing),
        "lists_created": sorted(set(lists) - known_lists),
    }


def _rejected(report: ImportReport) -> ImportRejected:
    return ImportRejected(report, message=nothing_imported(len(report.problems)))
