"""Parameters shared by pages, the API and commands, parsed into typed queries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core.errors import ValidationFailed
from nq57.orgs.lookup import OrgLookupError, resolve_org

from .importer import CellError, parse_date
from .models import Program
from .selectors import Role, SummaryQuery

ROLES = ("lead", "coordinate", "any")
BREAKDOWNS = ("org", "program")


def summary_query_from(params: Mapping[str, Any]) -> SummaryQuery:
    """A SummaryQuery from as_of, due_by, org, role, program, by; every problem by field."""
    errors: dict[str, list[str]] = {}

    def day(name: str) -> date | None:
        try:
            return parse_date(params.get(name) or None)
        except CellError as exc:
            errors[name] = [str(exc)]
            return None

    as_of = day("as_of") or timezone.localdate()
    due_by = day("due_by")
    org = None
    if params.get("org"):
        try:
            org = resolve_org(str(params["org"]))
        except OrgLookupError as exc:
            errors["org"] = [str(exc)]
    role = params.get("role") or "lead"
    if role not in ROLES:
        errors["role"] = [_("role must be one of %(roles)s") % {"roles": ", ".join(ROLES)}]
    program = None
    if params.get("program"):
        program = Program.objects.filter(code=str(params["program"]).strip()).first()
        if program is None:
            errors["program"] = [_("unknown programme '%(code)s'") % {"code": params["program"]}]
    by = params.get("by") or None
    if by is not None and by not in BREAKDOWNS:
        errors["by"] = [_("by must be org or program")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], fields=errors)
    return SummaryQuery(
        as_of=as_of, due_by=due_by, org=org, role=cast(Role, role), program=program,
        by=by,
    )
