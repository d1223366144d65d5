"""Reading one cell as people type it: dates, Vietnamese numbers, codes and text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from nq57.core.text import fold_accents

from .flavour import PEOPLE_LANGUAGES, parse_people_number

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_GROUPED = re.compile(r"-?\d{1,3}([.,])\d{3}(\1\d{3})*")


class CellError(ValueError):
    """A cell that cannot be read; the message names the value."""


def parse_date(value: Any) -> date | None:
    """YYYY-MM-DD, DD/MM/YYYY or a spreadsheet date cell; None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)  # the common case, without the regex
        except ValueError:
            raise CellError(_("invalid date '%(value)s'") % {"value": text}) from None
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _VN.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise CellError(_("invalid date '%(value)s'") % {"value": text})
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("invalid date '%(value)s'") % {"value": text}) from None


def parse_number(value: Any, *, whole: bool = False, language: str = "") -> Decimal:
    """In a people file (`language`: the language of its header), a number as that language
    writes it ('1.290' is 1290 and '59,76' is 59.76 in Vietnamese); what that language
    could not have written ('12.5') is read as below. Otherwise (the machine format, a
    form, the API) a number as people type it: '1234', '12.5', '12,5' (decimal comma),
    '1.234.567,5' or '1,234,567.5' (the last separator is the decimal one when both
    appear), '1 234'. A
    separator repeated in groups of three digits groups thousands ('1.234.567'); so does a
    single one before three digits when the number must be `whole` (a count: '1.234' is
    1234). Raises ValueError (CellError) naming the value."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if language and (number := parse_people_number(str(value or ""), language)) is not None:
        return number
    text = re.sub(r"\s", "", str(value or ""))
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        text = text.replace(grouping, "").replace(decimal_mark, ".")
    elif _GROUPED.fullmatch(text) and (whole or text.count(text[-4]) > 1):
        text = text.replace(text[-4], "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("'%(value)s' is not a number") % {"value": value}) from None
    if not number.is_finite():
        raise CellError(_("'%(value)s' is not a number") % {"value": value})
    return number


def parse_text(value: Any) -> str:
    """A text cell without its surrounding spaces; a whole-number cell as its digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def code_words(value: Any) -> str:
    """A coded cell as it is looked up among the words a column accepts: spaces collapsed,
    case and diacritics folded."""
    return fold_accents(str(value or ""))


def choice_words(labels: Mapping[str, str | Promise]) -> dict[str, str]:
    """The words a coded column accepts (folded as `code_words`) → its stored code: each code
    itself and its label in every language a people file is written in."""
    words: dict[str, str] = {}
    for language in PEOPLE_LANGUAGES:
        with translation.override(language):
            for code, label in labels.items():
                words.setdefault(code_words(label), code)
    words.update({code_words(code): code for code in labels})
    return words


def lookup_code(codes: Mapping[str, str], value: Any) -> str | None:
    """The stored code the cell names among `codes` (accepted words, folded as
    `code_words` → code), or None."""
    return codes.get(code_words(value))


def cell_text(value: Any) -> str:
    """A value as it is written to a text cell: dates as YYYY-MM-DD, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
