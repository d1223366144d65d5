"""The record of processing of personal data (Decree 13/2023/NĐ-CP, the Law on Personal Data
Protection): what is processed, about whom, why, on which legal basis and for how long,
shipped as data (`data/processing.json`) and shown to administrators."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "processing.json"
BILINGUAL = ("subjects", "data", "purpose", "legal_basis", "retention")


class ProcessingRecordError(ValueError):
    """The shipped record is malformed (a test and the start of the page catch it)."""


@dataclass(frozen=True)
class ProcessingActivity:
    """One processing of personal data: about whom, which data, why, on which legal basis,
    how long (in years when a number says it: 0 for under a year, None for as long as
    something else lasts), the same for the rule that enforces it (`retention_days` under a
    year) or why none does (`kept_as_evidence`), and the fields that hold them
    ("app.Model.field")."""

    code: str
    texts: dict[str, dict[str, str]]  # field -> language -> text
    retention_years: int | None
    held_in: tuple[str, ...]
    retention_days: int | None = None
    kept_as_evidence: bool = False

    def text(self, field: str) -> str:
        language = "en" if (get_language() or "vi").startswith("en") else "vi"
        return self.texts[field][language]

    @property
    def subjects(self) -> str:
        return self.text("subjects")

    @property
    def data(self) -> str:
        return self.text("data")

    @property
    def purpose(self) -> str:
        return self.text("purpose")

    @property
    def legal_basis(self) -> str:
        return self.text("legal_basis")

    @property
    def retention(self) -> str:
        return self.text("retention")


@cache
def processing_record() -> tuple[ProcessingActivity, ...]:
    """Every processing activity, in the order of the shipped file."""
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    activities = tuple(_activity(row) for row in rows)
    codes = [activity.code for activity in activities]
    if len(set(codes)) != len(codes):
        raise ProcessingRecordError("processing.json: a code appears twice")
    return activities


def processing_activity(code: str) -> ProcessingActivity:
    """One processing activity by its code (a page showing its notice names it)."""
    for activity in processing_record():
        if activity.code == code:
            return activity
    raise ProcessingRecordError(f"processing.json: no activity {code}")


def _activity(row: dict[str, Any]) -> ProcessingActivity:
    code = str(row.get("code") or "")
    texts: dict[str, dict[str, str]] = {}
    for field in BILINGUAL:
        texts[field] = {}
        for language in ("vi", "en"):
            text = row.get(f"{field}_{language}")
            if not isinstance(text, str) or not text.strip():
                raise ProcessingRecordError(f"processing.json: {code or '?'}: {field}_{language}")
            texts[field][language] = text.strip()
    years, days = _period(row, code, "retention_years"), _period(row, code, "retention_days")
    kept = row.get("kept_as_evidence", False)
    # Either a period a rule enforces, or the reason there is none: never both, never neither.
    if not isinstance(kept, bool) or kept == (bool(years) or days is not None):
        raise ProcessingRecordError(f"processing.json: {code}: a retention or kept_as_evidence")
    held_in = row.get("held_in")
    if not code or not isinstance(held_in, list) or not held_in:
        raise ProcessingRecordError(f"processing.json: {code or '?'}: code and held_in")
    places = tuple(str(place) for place in held_in)
    return ProcessingActivity(code, texts, years, places, days, kept)


def _period(row: dict[str, Any], code: str, field: str) -> int | None:
    value = row.get(field)
    if value is not None and (type(value) is not int or value < 0):
        raise ProcessingRecordError(f"processing.json: {code}: {field}")
    return value
