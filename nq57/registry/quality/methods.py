"""The versions of the quality method: loaded from `registry/data/quality_methods.json`
(never edited once loaded: the same code with other content is refused), and which one a
period uses (the latest valid on or before the period's start)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor
from nq57.core.errors import ValidationFailed
from nq57.core.periods import parse_period

from ..models import QualityMethod
from . import events
from .rules import Method, MethodError, method_from

METHODS_FILE = Path(__file__).parent.parent / "data" / "quality_methods.json"


def _described(entry: dict[str, Any]) -> tuple[str, str, date, dict[str, Any]]:
    code = str(entry.get("code") or "").strip()
    valid_from = parse_date(str(entry.get("valid_from") or ""))
    if not code or valid_from is None or not isinstance(entry.get("definition"), dict):
        raise ValidationFailed(_("a quality method needs a code, valid_from and a definition"))
    try:
        method_from(code, entry["definition"])
    except MethodError as exc:
        raise ValidationFailed(str(exc)) from None
    return code, str(entry.get("name") or code), valid_from, entry["definition"]


@transaction.atomic
def quality_methods_load(actor: Actor, entries: Iterable[dict[str, Any]]) -> list[str]:
    """Load methods; an identical one already loaded is left as it is, the same code with
    another content is refused (a new version is a new code). Returns the codes created."""
    created = []
    for entry in entries:
        code, name, valid_from, definition = _described(entry)
        found = QualityMethod.objects.filter(code=code).first()
        if found is not None:
            if (found.name, found.valid_from, found.definition) != (name, valid_from, definition):
                raise ValidationFailed(
                    _(
                        "quality method %(code)s is already loaded with another content; "
                        "a new version needs a new code"
                    )
                    % {"code": code}
                )
            continue
        method = QualityMethod.objects.create(
            code=code, name=name, valid_from=valid_from, definition=definition
        )
        audit.record(actor, events.QUALITY_METHOD_LOADED, subject=method)
        created.append(code)
    return created


def load_quality_methods_file(actor: Actor, path: Path = METHODS_FILE) -> list[str]:
    with path.open(encoding="utf-8") as stream:
        return quality_methods_load(actor, json.load(stream))


class Methods:
    """The loaded methods, to look up which one a period uses (one query, a handful of rows)."""

    def __init__(self, methods: Iterable[QualityMethod] | None = None) -> None:
        rows = list(methods if methods is not None else QualityMethod.objects.all())
        self.rows = sorted(rows, key=lambda row: (row.valid_from, row.code))
        self.rules = {row.code: method_from(row.code, row.definition) for row in self.rows}
        self._of_period: dict[str, QualityMethod | None] = {}

    def for_period(self, period: str) -> QualityMethod | None:
        """The latest method valid on or before the period's start; None before any (looked
        up once per period: a ranking asks for every database)."""
        if period not in self._of_period:
            start = parse_period(period).start
            chosen = None
            for row in self.rows:
                if row.valid_from <= start:
                    chosen = row
            self._of_period[period] = chosen
        return self._of_period[period]

    def rule(self, row: QualityMethod) -> Method:
        return self.rules[row.code]
