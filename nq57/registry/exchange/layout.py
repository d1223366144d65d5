"""The database file, declared once: `code,name,kind,owner_org,lists,status,risk,since`, and
optionally `legal_basis,target_date,risk_reason`. A coded cell says its code or its label in
Vietnamese or English, case and diacritics ignored."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core.exchange import CellError, Column, Layout, choice_words, parse_date, parse_text
from nq57.core.exchange.cells import code_words

from ..choices import DatabaseKind, DatabaseStatus, RiskLevel

# The Vietnamese words of the contract, accepted even where no translation is compiled.
VIETNAMESE_WORDS = {
    "Đã hình thành": DatabaseStatus.FORMED,
    "Đang triển khai": DatabaseStatus.DEPLOYING,
    "Chưa triển khai": DatabaseStatus.NOT_STARTED,
    "Bình thường": RiskLevel.NORMAL,
    "Nguy cơ cao": RiskLevel.HIGH,
    "Cơ sở dữ liệu quốc gia": DatabaseKind.NATIONAL,
    "Cơ sở dữ liệu chuyên ngành": DatabaseKind.SPECIALISED,
}


@functools.cache
def words_of(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every word a cell of these choices may say → its code (the labels need the
    translations, which are there once the apps are loaded)."""
    words = choice_words(dict(choices.choices))
    words.update(
        {code_words(word): code for word, code in VIETNAMESE_WORDS.items() if code in choices}
    )
    return words


def coded(choices: type[models.TextChoices], *, default: str = "") -> Callable[[Any], str]:
    """A parser of a coded cell: its code, `default` when empty (an error without one)."""

    def parse(value: Any) -> str:
        text = parse_text(value)
        if not text:
            if default:
                return default
            raise CellError(_("this column is required"))
        found = words_of(choices).get(code_words(text))
        if found is None:
            raise CellError(
                _("unknown value '%(value)s' (expected one of: %(codes)s)")
                % {"value": text, "codes": ", ".join(choices.values)}
            )
        return found

    return parse


def required_date(value: Any) -> Any:
    found = parse_date(value)
    if found is None:
        raise CellError(_("this column is required"))
    return found


def list_codes(value: Any) -> tuple[str, ...]:
    """The lists a cell names, separated by ';', each once, in order."""
    return tuple(
        dict.fromkeys(part.strip() for part in parse_text(value).split(";") if part.strip())
    )


def label_of(choices: type[models.TextChoices]) -> Callable[[Any], str]:
    """How people read a coded cell: its label in the active language (which the import
    reads back)."""

    def show(value: Any) -> str:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)

    return show


DATABASES = Layout(
    "databases",
    (
        Column("code", parse=parse_text, label=gettext_lazy("Database code")),
        Column("name", parse=parse_text, label=gettext_lazy("Database name")),
        Column(
            "kind",
            parse=coded(DatabaseKind),
            label=gettext_lazy("Database kind"),
            show=label_of(DatabaseKind),
        ),
        Column("owner_org", parse=parse_text, label=gettext_lazy("Owner organisation")),
        Column("lists", parse=list_codes, label=gettext_lazy("Lists")),
        Column(
            "status",
            parse=coded(DatabaseStatus),
            label=gettext_lazy("Status"),
            show=label_of(DatabaseStatus),
        ),
        Column(
            "risk",
            parse=coded(RiskLevel, default=RiskLevel.NORMAL),
            label=gettext_lazy("Risk"),
            show=label_of(RiskLevel),
        ),
        Column("since", parse=required_date, typed=True, label=gettext_lazy("Since")),
        Column("legal_basis", parse=parse_text, optional=True, label=gettext_lazy("Legal basis")),
        Column(
            "target_date",
            parse=parse_date,
            optional=True,
            typed=True,
            label=gettext_lazy("Target date"),
        ),
        Column(
            "risk_reason",
            parse=parse_text,
            optional=True,
            label=gettext_lazy("Reason for the risk"),
        ),
    ),
)
