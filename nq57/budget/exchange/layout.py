"""The budget file, declared once: `year,org,program,stage,amount,on`. A stage is its code or
its label in Vietnamese or English, case and diacritics ignored; an amount is whole million
VND as people type it (`rules.parse_amount`)."""

from __future__ import annotations

import functools
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from nq57.core.exchange import CellError, Column, Layout, choice_words, parse_date, parse_text
from nq57.core.exchange.cells import code_words

from ..choices import Stage
from ..rules import parse_amount

# The Vietnamese words of a stage, accepted even where no translation is compiled.
VIETNAMESE_STAGES = {
    "Đề xuất": Stage.PROPOSED,
    "Đã đề xuất": Stage.PROPOSED,
    "Được duyệt": Stage.APPROVED,
    "Đã duyệt": Stage.APPROVED,
    "Phê duyệt": Stage.APPROVED,
    "Giải ngân": Stage.DISBURSED,
    "Đã giải ngân": Stage.DISBURSED,
}
FIRST_YEAR, LAST_YEAR = 2000, 2100


@functools.cache
def stage_words() -> dict[str, str]:
    words = choice_words(dict(Stage.choices))
    words.update({code_words(word): code for word, code in VIETNAMESE_STAGES.items()})
    return words


def parse_stage(value: Any) -> str:
    text = parse_text(value)
    if not text:
        raise CellError(_("this column is required"))
    found = stage_words().get(code_words(text))
    if found is None:
        raise CellError(
            _("unknown value '%(value)s' (expected one of: %(codes)s)")
            % {"value": text, "codes": ", ".join(Stage.values)}
        )
    return found


def parse_year(value: Any) -> int:
    text = parse_text(value)
    if not text:
        raise CellError(_("this column is required"))
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise CellError(
            _("'%(value)s' is not a year from %(first)s to %(last)s")
            % {"value": text, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return int(text)


def required_date(value: Any) -> Any:
    found = parse_date(value)
    if found is None:
        raise CellError(_("this column is required"))
    return found


def required_text(value: Any) -> str:
    text = parse_text(value)
    if not text:
        raise CellError(_("this column is required"))
    return text


def show_stage(value: Any) -> str:
    try:
        return str(Stage(value).label)
    except ValueError:
        return str(value)


BUDGET = Layout(
    "budget",
    (
        Column("year", parse=parse_year, label=gettext_lazy("Year")),
        Column("org", parse=required_text, label=gettext_lazy("Organisation")),
        Column("program", parse=required_text, label=gettext_lazy("Programme")),
        Column("stage", parse=parse_stage, label=gettext_lazy("Stage"), show=show_stage),
        Column(
            "amount",
            parse=parse_amount,
            typed=True,
            label=gettext_lazy("Amount (million VND)"),
        ),
        Column("on", parse=required_date, typed=True, label=pgettext_lazy("budget entry", "Dated")),
    ),
)
