"""What a report states, as the flat record it embeds (every figure by a stable name) with its
digest, and the check of a stated record against the live data recomputed as of the
report's day: which figures no longer match. The signature says who signed what; this says
whether what they signed is still true."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .figures import PARTITION
from .sections import ReportFigures, report_figures

# The record's own layout; a later layout gets a new number and keeps reading this one.
LAYOUT = 1
Value = int | str | None


def stated(figures: ReportFigures) -> dict[str, Value]:
    """Every figure of the report by name (`tasks.overdue`, `budget.central.proposed`…)."""
    tasks = figures.tasks
    found: dict[str, Value] = {
        "layout": LAYOUT,
        "as_of": figures.as_of.isoformat(),
        "due_by": tasks.due_by.isoformat(),
        "tasks.total": tasks.total,
        **{f"tasks.{key}": getattr(tasks, key) for key in PARTITION},
        **{f"tasks.share.{key}": str(value) for key, value in tasks.shares.items()},
        "tasks.falling_due": tasks.falling_due,
        "tasks.remaining": tasks.remaining,
    }
    for key, value in (figures.registry or {}).items():
        found[f"registry.{key}"] = value
    found.update(_flattened("budget", figures.budget or {}))
    for indicator in figures.indicators:
        found[f"indicators.{indicator.code}.value"] = indicator.value
        found[f"indicators.{indicator.code}.target"] = indicator.target
        found[f"indicators.{indicator.code}.status"] = indicator.status
    for place, row in enumerate(figures.behind, start=1):
        found[f"behind.{place}.code"] = row.code
        found[f"behind.{place}.overdue"] = row.overdue
        found[f"behind.{place}.total"] = row.total
    return found


def _flattened(prefix: str, values: Mapping[str, Any]) -> dict[str, Value]:
    found: dict[str, Value] = {}
    for key, value in values.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            found.update(_flattened(name, value))
        elif isinstance(value, float):
            found[name] = str(value)  # a rate: compared as written, never as a float
        elif value is None or isinstance(value, int | str):
            found[name] = value
    return found


def canonical(record: Mapping[str, Value]) -> bytes:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(record: Mapping[str, Value]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


@dataclass(frozen=True)
class Difference:
    """A figure the report states that the data, recomputed as of its day, no longer gives
    (None on either side: a figure only one of them has)."""

    name: str
    stated: Value
    now: Value


def differences(record: Mapping[str, Value]) -> list[Difference]:
    """The record's figures recomputed as of its day, each that differs named, in name
    order; an empty list when every figure still holds."""
    as_of = date.fromisoformat(str(record["as_of"]))
    due_by = date.fromisoformat(str(record["due_by"]))
    now = stated(report_figures(as_of, due_by))
    return [
        Difference(name, record.get(name), now.get(name))
        for name in sorted(set(record) | set(now))
        if record.get(name) != now.get(name)
    ]
