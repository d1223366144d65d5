"""The rules of the catalogue as plain functions: what makes a code, and which formulas,
data elements and period types go together. No database: the services hand in what they
read, and collect the messages by field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from nq57.core.periods import PeriodType

from .choices import PERIOD_SHAPES, Formula, ValueType

# Lower-case letters, digits and "_", starting with a letter: codes go in URLs, file
# columns and form field names, and must read the same in every one of them.
CODE_SHAPE = re.compile(r"[a-z][a-z0-9_]{1,63}")
# Paths a code would shadow: …/new/ of the catalogue's pages, the pages under /indicators/
# and /api/v1/indicators/elements/ that an indicator's own (…/indicators/<code>/) would hide.
RESERVED_ELEMENT_CODES = frozenset({"new"})
RESERVED_INDICATOR_CODES = frozenset(
    {"new", "entry", "forms", "catalogue", "ranking", "elements", "targets"}
)
PERCENT_UNIT = "%"


@dataclass(frozen=True)
class ElementFacts:
    """What the rules need of a data element: its code, kind of value and data set's period."""

    code: str
    value_type: str
    period_type: str


def code_problem(code: str) -> str:
    """Why `code` cannot name a data element or an indicator ("" when it can)."""
    if not CODE_SHAPE.fullmatch(code):
        return _("use 2 to 64 lower-case letters (a-z), digits and _, starting with a letter")
    return ""


def period_months(kind: str) -> int:
    return PeriodType(kind).months


def formula_problems(formula: str, elements: Sequence[ElementFacts]) -> list[str]:
    """Why these data elements, in this order, cannot make a figure by `formula`."""
    codes = [element.code for element in elements]
    if not elements:
        return [_("choose the data elements the indicator is computed from")]
    if len(set(codes)) != len(codes):
        return [_("a data element appears twice")]
    kinds = {element.value_type for element in elements}
    if formula == Formula.RATIO:
        if len(elements) != 2:
            return [_("a ratio takes exactly two data elements: numerator, then denominator")]
        if ValueType.BOOLEAN in kinds:
            return [_("a ratio cannot be computed from yes/no answers")]
    elif formula == Formula.SUM:
        if len(kinds) > 1:
            return [_("a sum adds data elements of one kind (counts, or amounts), not several")]
        if kinds & {ValueType.PERCENT, ValueType.BOOLEAN}:
            return [_("percentages and yes/no answers cannot be added up")]
    elif formula == Formula.COUNT:
        if len(elements) != 1 or kinds != {ValueType.BOOLEAN}:
            return [_("a count of organisations answering yes takes one yes/no data element")]
    elif len(elements) != 1:
        return [_("the latest value takes exactly one data element")]
    return []


def period_type_problems(period_type: str, elements: Sequence[ElementFacts]) -> list[str]:
    """An indicator is computed for periods as long as its data elements' or longer: a
    monthly figure cannot come from values entered each quarter."""
    return [
        _("%(element)s is entered for each %(kind)s: the indicator's period cannot be shorter")
        % {"element": element.code, "kind": PERIOD_SHAPES[PeriodType(element.period_type)][0]}
        for element in elements
        if period_months(element.period_type) > period_months(period_type)
    ]


def unit_problems(unit: str, formula: str, elements: Sequence[ElementFacts]) -> list[str]:
    """A percentage is a ratio or a percentage entered as such; anything else counts things."""
    if unit.strip() != PERCENT_UNIT or formula == Formula.RATIO:
        return []
    if elements and all(element.value_type == ValueType.PERCENT for element in elements):
        return []
    return [_("only a ratio or percentages entered as such are in %")]


def longest_period_type(elements: Sequence[ElementFacts]) -> str:
    """The shortest period type an indicator over these elements can have."""
    return max((element.period_type for element in elements), key=period_months)
