"""The two flavours of an exchange file. `machine` is the README's format for the command line
and the API: column keys, stored codes, ISO dates, plain numbers with a decimal point.
`people` is what a page hands to a person: column labels, words for codes, dates dd/mm/yyyy
and numbers as the page's language writes them (1.290; 59,76 in Vietnamese).

A file read back says which it is by its header: keys are read by the machine rules, labels of
one language by that language's rules (so '1.290' is 1290 in a Vietnamese file and 1.29 in a
machine one)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils import formats, translation

from nq57.core.text import fold_accents

# The languages a people file is written in and read from (settings.LANGUAGES).
PEOPLE_LANGUAGES = ("vi", "en")
PEOPLE_DATE = "%d/%m/%Y"
# The XLSX formats of typed cells in a people file: the spreadsheet program shows them with
# the reader's own separators, so only their shape is given here.
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_WHOLE_FORMAT = "#,##0"


class Flavour(StrEnum):
    MACHINE = "machine"
    PEOPLE = "people"


def separators(language: str) -> tuple[str, str]:
    """The (grouping, decimal) marks of `language`'s numbers: ('.', ',') in Vietnamese."""
    grouping = str(formats.get_format("THOUSAND_SEPARATOR", lang=language, use_l10n=True))
    decimal = str(formats.get_format("DECIMAL_SEPARATOR", lang=language, use_l10n=True))
    return grouping, decimal


def current_language() -> str:
    """The active language if a people file can be in it, else Vietnamese."""
    language = (translation.get_language() or "vi").split("-")[0]
    return language if language in PEOPLE_LANGUAGES else "vi"


def people_number(value: int | Decimal | float, language: str | None = None) -> str:
    """A number as `language` (default: the active one) writes it, thousands grouped and no
    digit lost or added: 10359458 -> '10.359.458', Decimal('59.76') -> '59,76'."""
    grouping, decimal = separators(language or current_language())
    text = format(Decimal(str(value)) if isinstance(value, float) else Decimal(value), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, last = whole[:-3], whole[-3:]
        groups.insert(0, last)
    grouped = grouping.join([whole, *groups])
    return f"{sign}{grouped}{decimal}{fraction}" if fraction else f"{sign}{grouped}"


def _people_number_pattern(language: str) -> re.Pattern[str]:
    grouping, decimal = (re.escape(mark) for mark in separators(language))
    return re.compile(rf"-?(\d{{1,3}}({grouping}\d{{3}})+|\d+)({decimal}\d+)?")


def parse_people_number(text: str, language: str) -> Decimal | None:
    """The number `text` writes by `language`'s rules ('1.290', '59,76', '-1.234,5' in
    Vietnamese; spaces between groups are allowed too), or None when it is not one."""
    compact = re.sub(r"\s", "", text)
    if not _people_number_pattern(language).fullmatch(compact):
        return None
    grouping, decimal = separators(language)
    return Decimal(compact.replace(grouping, "").replace(decimal, "."))


def people_date(value: date) -> str:
    """A date as people read it: 30/11/2026."""
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime(PEOPLE_DATE)


def xlsx_number_format(value: Any) -> str:
    """The grouped number format of a typed XLSX cell: as many decimals as the value has."""
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        places = -int(value.normalize().as_tuple().exponent)
        if places > 0:
            return f"{XLSX_WHOLE_FORMAT}.{'0' * places}"
    return XLSX_WHOLE_FORMAT


def header_key(name: Any) -> str:
    """A header cell as it is matched: without a BOM or surrounding spaces, case and
    diacritics folded ('Hạn hoàn thành ' and 'han hoan thanh' alike)."""
    return fold_accents(str(name or "").lstrip("\ufeff").strip())
