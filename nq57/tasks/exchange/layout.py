"""The task exchange file, declared once: its columns, how each cell is read, what a kind
cell may say. The import reads it, the export writes it, so export then import round-trips."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _

from nq57.core import exchange
from nq57.core.exchange import CellError, Column, Layout, SourceRow, parse_date, parse_text

from ..choices import TaskKind

KIND_WORDS = {
    "": TaskKind.DEADLINE,
    "deadline": TaskKind.DEADLINE,
    "có thời hạn": TaskKind.DEADLINE,
    "regular": TaskKind.REGULAR,
    "thường xuyên": TaskKind.REGULAR,
}


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
    **dict.fromkeys(("1", "x", "yes", "true", "có", "co", "mật"), "yes"),
    **dict.fromkeys(("0", "no", "false", "không", "khong"), "no"),
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
    kind = exchange.lookup_code(KIND_WORDS, value)
    if kind is None:
        raise CellError(_("unknown kind '%(value)s' (deadline or regular)") % {"value": value})
    return kind


TASKS = Layout(
    "tasks",
    (
        Column("code", parse_text),
        Column("title", parse_text),
        Column("program", parse_text),
        Column("lead_org", parse_text),  # a code or a name, resolved by the import
        Column("coordinating_orgs", parse_text),  # codes or names separated by ';'
        Column("assigned_by", parse_text),
        Column("assigned_on", parse_date, typed=True),
        Column("deadline", parse_date, typed=True),
        Column("kind", parse_kind, codes=KIND_WORDS),
        Column("expected_product", parse_text),
        Column("responsible_person", parse_text),
        Column("completed_on", parse_date, typed=True),
        Column("progress", parse_progress, typed=True),
        # Links separated by ';' backing a completion brought in from history; files made
        # before the column existed import as before.
        Column("evidence", parse_text, optional=True),
        # Written by the export (the status as of its date), ignored by the import: optional,
        # so files from before it import as they did.
        Column("status", optional=True),
        # A confidential task (defence, public security): counted in the public ranking but
        # not described there. Optional: files without it import as before (not confidential).
        Column("confidential", parse_yes_no, optional=True),
    ),
)
HEADER = TASKS.keys


def read_rows(stream: IO[bytes]) -> Iterator[SourceRow]:
    """The rows of a task file, streamed."""
    return exchange.read_rows(stream, TASKS)


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """Tasks as CSV, in the import's layout."""
    exchange.write_csv(rows, out, TASKS)


def write_xlsx(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> None:
    """Tasks as an XLSX workbook, in the import's layout."""
    exchange.write_xlsx(rows, out, TASKS)


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Tasks as CSV in pieces, for a streamed download."""
    return exchange.csv_chunks(rows, TASKS)
