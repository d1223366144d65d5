"""Checking values before anything is written: numbers as people type them, each value
against its data element, and a whole batch (a file, a form, an API call) against the
approved forms and the ratios, with 'line N: column: message' problems.

`check_values` is the one entry point `services.values_save` calls; numbers, the problems
collector, the report and the refusal are the exchange kit's (`nq57.core.exchange`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nq57.accounts.access import Actor
from nq57.core.exchange import ImportRejected, ImportReport, Problems, parse_number
from nq57.core.periods import Period, PeriodError, PeriodType, parse_period
from nq57.orgs.lookup import OrgDirectory, OrgLookupError, resolve_org

from . import permissions
from .choices import PERIOD_SHAPES, Formula, SubmissionStatus, ValueType
from .models import DataElement, DataValue, IndicatorTerm, Submission

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class ValueInput:
    """A value as it arrives: from a file's line, a form or the API (line 0: not a file)."""

    element: str
    period: str
    org: str
    value: Any
    comment: str = ""
    line: int = 0
    # The file's names for its columns (a label in a people file), for naming them in a
    # problem; empty where the keys are the names.
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckedValue:
    """A value that passed every check, ready to write."""

    line: int
    element: DataElement
    org_id: int
    period: Period
    value: Decimal
    comment: str


YES = {"1", "yes", "y", "true", "có", "co", "x"}
NO = {"0", "no", "n", "false", "không", "khong"}


def parse_value(element: DataElement, raw: Any) -> Decimal:
    """The stored number of a value of `element`: checked against its type."""
    if element.value_type == ValueType.BOOLEAN:
        text = str(raw).strip().casefold()
        if text in YES:
            return Decimal(1)
        if text in NO:
            return Decimal(0)
        raise ValueError(_("'%(value)s' is not yes (1) or no (0)") % {"value": raw})
    number = parse_number(raw, whole=element.value_type == ValueType.COUNT)
    if number < 0 and not element.allows_negative:
        raise ValueError(
            _("%(value)s is negative; %(element)s cannot be")
            % {"value": raw, "element": element.code}
        )
    if element.value_type == ValueType.COUNT and number != number.to_integral_value():
        raise ValueError(_("%(value)s is not a whole number") % {"value": raw})
    if element.value_type == ValueType.PERCENT and number > 100:
        raise ValueError(_("%(value)s is above 100%%") % {"value": raw})
    if abs(number) >= Decimal(10) ** 19:
        raise ValueError(_("%(value)s is too large") % {"value": raw})
    return number.quantize(Decimal("0.0001"))


def check_values(
    actor: Actor, inputs: Iterable[ValueInput], *, many: bool
) -> tuple[ImportReport, list[CheckedValue]]:
    """Every input checked, alone and against the others and what is stored: the report
    (rows counted) and the checked values, or ImportRejected naming every problem (`by_key`
    pairs each message with its data element, where the entry form shows it)."""
    checker = ValueChecker(actor, many=many)
    report = ImportReport()
    checked: list[CheckedValue] = []
    for item in inputs:
        report.rows += 1
        result = checker.parse(item)
        if result is not None:
            checked.append(result)
    checker.check_locks(checked)
    checker.check_ratios(checked)
    if checker.problems:
        report.problems = checker.problems.messages
        raise ImportRejected(report, fields=checker.problems.fields, by_key=checker.problems.by_key)
    return report, checked


class _FewOrgs:
    """The part of `OrgDirectory` the checks use, looking organisations up one by one."""

    def __init__(self) -> None:
        self.code_of: dict[int, str] = {}
        self.path_of: dict[int, str] = {}

    def resolve(self, text: str) -> int:
        org = resolve_org(text)
        self.code_of[org.pk], self.path_of[org.pk] = org.code, org.path
        return org.pk


class ValueChecker:
    """Turns inputs into checked values, collecting 'line N: column: message' problems."""

    def __init__(self, actor: Actor, *, many: bool) -> None:
        self.actor = actor
        self.elements = {
            e.code.casefold(): e for e in DataElement.objects.select_related("dataset")
        }
        # A file names many organisations: every one is loaded once. A form or an API call
        # names one, looked up alone (loading 3,400 organisations would be most of its time).
        self.directory: OrgDirectory | _FewOrgs = OrgDirectory.load() if many else _FewOrgs()
        self.problems = Problems(MAX_PROBLEMS, by_field=True)
        self.first_line: dict[tuple[int, int, str], int] = {}
        self.permitted: dict[int, bool] = {}

    def problem(self, line: int, column: str, message: str, element: str = "") -> None:
        self.problems.add(line, column, message, element)

    def problem_at(self, element: str, line: int, column: str, message: str) -> None:
        self.problem(line, column, message, element)

    def parse(self, item: ValueInput) -> CheckedValue | None:
        """The input checked alone (and against earlier lines), or None with its problems
        recorded: every column is checked, so a line's problems are all named at once."""
        line = item.line
        self.problems.names = item.names
        code = str(item.element or "").strip()
        element = self._element(item, code)
        org_id = self._org(item, code)
        period = self._period(item, code, element)
        value = self._value(item, code, element)
        if org_id is not None and not self._permitted(org_id):
            self.problem_at(
                code,
                line,
                "org",
                _("you may not enter values for %(org)s") % {"org": self.directory.code_of[org_id]},
            )
            org_id = None
        if element is None or org_id is None or period is None or value is None:
            return None
        key = (element.pk, org_id, period.code)
        if key in self.first_line:
            self.problem_at(
                code,
                line,
                "data_element",
                _("the same data element, period and organisation as line %(line)s")
                % {"line": self.first_line[key]},
            )
            return None
        self.first_line[key] = line
        return CheckedValue(line, element, org_id, period, value, str(item.comment or "").strip())

    def _element(self, item: ValueInput, code: str) -> DataElement | None:
        element = self.elements.get(code.casefold())
        if element is None:
            self.problem_at(
                code,
                item.line,
                "data_element",
                _("unknown data element '%(code)s'") % {"code": item.element},
            )
        return element

    def _org(self, item: ValueInput, code: str) -> int | None:
        try:
            return self.directory.resolve(str(item.org or ""))
        except OrgLookupError as exc:
            self.problem_at(code, item.line, "org", str(exc))
            return None

    def _period(self, item: ValueInput, code: str, element: DataElement | None) -> Period | None:
        """The period, when it is one and of the kind the element's data set is entered for."""
        try:
            period = parse_period(str(item.period or ""))
        except PeriodError as exc:
            self.problem_at(code, item.line, "period", str(exc))
            return None
        if element is None:
            return period
        expected = PeriodType(element.dataset.period_type)
        if period.type is expected:
            return period
        self.problem_at(
            code,
            item.line,
            "period",
            _("%(element)s is entered for each %(kind)s (%(shape)s), not for %(period)s")
            % {
                "element": element.code,
                "kind": PERIOD_SHAPES[expected][0],
                "shape": PERIOD_SHAPES[expected][1],
                "period": period.code,
            },
        )
        return None

    def _value(self, item: ValueInput, code: str, element: DataElement | None) -> Decimal | None:
        if element is None:
            return None
        try:
            return parse_value(element, item.value)
        except ValueError as exc:
            self.problem_at(code, item.line, "value", str(exc))
            return None

    def _permitted(self, org_id: int) -> bool:
        allowed = self.permitted.get(org_id)
        if allowed is None:
            allowed = permissions.can_enter_for(self.actor, self.directory.path_of[org_id])
            self.permitted[org_id] = allowed
        return allowed

    def check_locks(self, checked: Sequence[CheckedValue]) -> None:
        """Values of a form sent for approval cannot change until it is returned (the monitor
        decides on the values it sees), nor ever once it is approved."""
        keys = {(p.element.dataset_id, p.org_id, p.period.code) for p in checked}
        if not keys:
            return
        locked = {
            (dataset_id, org_id, period): status
            for dataset_id, org_id, period, status in Submission.objects.filter(
                status__in=(SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED),
                org_id__in={org for _, org, _ in keys},
                period__in={period for _, _, period in keys},
            ).values_list("dataset_id", "org_id", "period", "status")
        }
        for item in checked:
            status = locked.get((item.element.dataset_id, item.org_id, item.period.code))
            if status is None:
                continue
            names = {
                "period": item.period.code,
                "org": self.directory.code_of[item.org_id],
                "dataset": item.element.dataset.code,
            }
            if status == SubmissionStatus.APPROVED:
                message = _("the %(period)s form of %(org)s is approved: its values are locked")
            else:
                message = _(
                    "the %(dataset)s form of %(org)s for %(period)s was sent for approval: its "
                    "values cannot change until it is returned"
                )
            self.problem(item.line, "period", message % names, item.element.code)

    def check_ratios(self, checked: Sequence[CheckedValue]) -> None:
        """A ratio's numerator cannot exceed its denominator (records online ≤ records),
        comparing the batch's values with each other and with those stored."""
        pairs = _ratio_pairs()
        if not pairs:
            return
        involved = {pk for pair in pairs for pk in pair}
        given = {(p.element.pk, p.org_id, p.period.code): p for p in checked}
        touched = {(org, period) for element, org, period in given if element in involved}
        if not touched:
            return
        stored = {
            (element, org, period): value
            for element, org, period, value in DataValue.objects.filter(
                element_id__in=involved,
                org_id__in={org for org, _ in touched},
                period__in={period for _, period in touched},
            ).values_list("element_id", "org_id", "period", "value")
        }

        def value_of(element: int, org: int, period: str) -> Decimal | None:
            item = given.get((element, org, period))
            return item.value if item is not None else stored.get((element, org, period))

        for org, period in sorted(touched):
            for numerator, denominator in pairs:
                top, bottom = value_of(numerator, org, period), value_of(denominator, org, period)
                if top is None or bottom is None or top <= bottom:
                    continue
                item = given.get((numerator, org, period)) or given[(denominator, org, period)]
                self.problem(
                    item.line,
                    "value",
                    _("%(numerator)s (%(top)s) is above %(denominator)s (%(bottom)s)")
                    % {
                        "numerator": self._code(numerator),
                        "top": _plain(top),
                        "denominator": self._code(denominator),
                        "bottom": _plain(bottom),
                    },
                    item.element.code,
                )

    def _code(self, element_id: int) -> str:
        return next(e.code for e in self.elements.values() if e.pk == element_id)


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def _ratio_pairs() -> list[tuple[int, int]]:
    """(numerator, denominator) element ids of the percentage indicators (ratios in %) over
    counts or amounts of the same data set (a percentage of a population and a count of
    stations are not compared). A share cannot exceed its whole; a ratio the catalogue
    defines in other units (records per commune) may."""
    terms: dict[int, list[DataElement]] = {}
    for term in (
        IndicatorTerm.objects.filter(indicator__formula=Formula.RATIO, indicator__unit="%")
        .select_related("element")
        .order_by("indicator_id", "position")
    ):
        terms.setdefault(term.indicator_id, []).append(term.element)
    return [
        (top.pk, bottom.pk)
        for top, bottom in (pair for pair in terms.values() if len(pair) == 2)
        if top.dataset_id == bottom.dataset_id
        and top.value_type == bottom.value_type
        and top.value_type in (ValueType.COUNT, ValueType.AMOUNT)
    ]
