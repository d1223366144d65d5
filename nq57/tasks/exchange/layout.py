"""The task exchange file, declared once: its columns (each with its key and the label people
read), how each cell is read, what a kind cell may say. The import reads it, the export
writes it, in either flavour, so export then import round-trips."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core import exchange
from nq57.core.exchange import (
    CellError,
    Column,
    Flavour,
    Layout,
    SourceRow,
    choice_words,
    parse_date,
    parse_text,
)
from nq57.core.exchange.cells import code_words

from ..choices import STATUS_LABELS, TaskKind

# Besides its code and its label in either language, the words a kind cell may say.
KIND_WORDS = {
    code_words(word): kind
    for word, kind in {
        "": TaskKind.DEADLINE,
        "deadline": TaskKind.DEADLINE,
        "có thời hạn": TaskKind.DEADLINE,
        "regular": TaskKind.REGULAR,
        "thường xuyên": TaskKind.REGULAR,
    }.items()
}


@functools.cache
def kind_words() -> dict[str, str]:
    """Every word a kind cell may say → its code (the labels need the translations, which
    are there once the apps are loaded)."""
    return {**choice_words(dict(TaskKind.choices)), **KIND_WORDS}


def kind_label(kind: str) -> str:
    """A kind as people read it: 'Có thời hạn', 'Thường xuyên (không có thời hạn)'."""
    return str(TaskKind(kind).label)


def status_label(status: str) -> str:
    """A status as people read it: 'Quá hạn', 'Đang thực hiện trong hạn'."""
    return str(STATUS_LABELS.get(status, status))


def parse_progress(value: Any) -> int | None:
    """A whole percentage 0–100 ('45', '45%', 45.0); None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.isdigit() and len(value) <= 3:
        whole = int(value)
        if whole > 100:
            raise CellError(_("progress %(value)s is outside 0–100") % {"value": value})
        return whole
    text = str(value).strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("not a number: '%(value)s'") % {"value": value}) from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise CellError(_("progress %(value)s is outside 0–100") % {"value": text})
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# No yes/no reader in the exchange kit: these are the words a `confidential` cell may say.
YES_NO_WORDS = {
    "": "",
    **dict.fromkeys(("1", "x", "yes", "true", "co", "mat"), "yes"),  # có, mật: folded
    **dict.fromkeys(("0", "no", "false", "khong"), "no"),
}


def parse_yes_no(value: Any) -> bool | None:
    """1/x/yes/true/có as yes, 0/no/false/không as no; None when empty."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        value = str(int(value))
    word = exchange.lookup_code(YES_NO_WORDS, value)
    if word is None:
        raise CellError(_("'%(value)s' is not yes or no (1/0, x, có/không)") % {"value": value})
    return {"": None, "yes": True, "no": False}[word]


def parse_kind(value: Any) -> str:
    """The kind a cell names: empty is a task with a deadline."""
    kind = exchange.lookup_code(kind_words(), value)
    if kind is None:
        raise CellError(_("unknown kind '%(value)s' (deadline or regular)") % {"value": value})
    return kind


TASKS = Layout(
    "tasks",
    (
        Column("code", parse_text, label=gettext_lazy("Task code")),
        Column("title", parse_text, label=gettext_lazy("Task title")),
        Column("program", parse_text, label=gettext_lazy("Programme")),
        # A code or a name, resolved by the import; written by code, which always resolves
        # (a name may be shared and then asks for the code).
        Column("lead_org", parse_text, label=gettext_lazy("Lead organisation")),
        Column(  # codes or names separated by ';'
            "coordinating_orgs", parse_text, label=gettext_lazy("Coordinating organisations")
        ),
        Column("assigned_by", parse_text, label=gettext_lazy("Assigning organisation")),
        Column("assigned_on", parse_date, typed=True, label=gettext_lazy("Assignment date")),
        Column("deadline", parse_date, typed=True, label=gettext_lazy("Completion deadline")),
        Column(
            "kind", parse_kind, codes=KIND_WORDS, label=gettext_lazy("Task kind"), show=kind_label
        ),
        Column("expected_product", parse_text, label=gettext_lazy("Expected product")),
        Column("responsible_person", parse_text, label=gettext_lazy("Responsible person")),
        Column("completed_on", parse_date, typed=True, label=gettext_lazy("Completion date")),
        Column("progress", parse_progress, typed=True, label=gettext_lazy("Progress (%)")),
        # Links separated by ';' backing a completion brought in from history; files made
        # before the column existed import as before.
        Column("evidence", parse_text, optional=True, label=gettext_lazy("Evidence links")),
        # Written by the export (the status as of its date), ignored by the import: optional,
        # so files from before it import as they did.
        Column("status", optional=True, label=gettext_lazy("Status"), show=status_label),
        # A confidential task (defence, public security): counted in the public ranking but
        # not described there. Optional: files without it import as before (not confidential).
        Column("confidential", parse_yes_no, optional=True, label=gettext_lazy("Confidential")),
    ),
)
HEADER = TASKS.keys


def read_rows(stream: IO[bytes]) -> Iterator[SourceRow]:
    """The rows of a task file, streamed."""
    return exchange.read_rows(stream, TASKS)


def write_csv(
    rows: Iterable[dict[str, Any]], out: IO[str], flavour: Flavour = Flavour.MACHINE
) -> None:
    """Tasks as CSV, in the import's layout."""
    exchange.write_csv(rows, out, TASKS, flavour)


def write_xlsx(
    rows: Iterable[dict[str, Any]], out: IO[bytes], flavour: Flavour = Flavour.MACHINE
) -> None:
    """Tasks as an XLSX workbook, in the import's layout."""
    exchange.write_xlsx(rows, out, TASKS, flavour)


def csv_chunks(rows: Iterable[dict[str, Any]], flavour: Flavour = Flavour.MACHINE) -> Iterator[str]:
    """Tasks as CSV in pieces, for a streamed download."""
    return exchange.csv_chunks(rows, TASKS, flavour)
