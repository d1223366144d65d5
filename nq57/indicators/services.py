"""Every write of the indicator system: the catalogue, values (one, or a file's), forms.

Values from the entry form, the API and `import_values` all go through `values_save`: it
checks every row first (line-numbered problems, nothing written if any), then writes the
values, their audit events and the rollups in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core import audit
from nq57.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.models import AuditEventType
from nq57.core.periods import Period, PeriodError, PeriodType, parse_period
from nq57.core.tabular import at_line
from nq57.orgs.lookup import OrgDirectory, OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from . import builtin, permissions, rollups
from .choices import Formula, SubmissionStatus, TimeAggregation, ValueType
from .models import (
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    IndicatorTerm,
    RankingWeights,
    Submission,
    Target,
)

MAX_PROBLEMS = 200


# --- the catalogue -----------------------------------------------------------------------


@transaction.atomic
def catalogue_load(actor: Any) -> dict[str, int]:
    """Create or update the built-in data sets, data elements, indicators and targets; run
    again, it changes nothing."""
    monitors = dict(Organization.objects.values_list("code", "pk"))
    created = updated = 0
    elements: dict[str, DataElement] = {}
    for spec in builtin.DATA_SETS:
        dataset, is_new = DataSet.objects.update_or_create(
            code=spec.code,
            defaults={
                "name_vi": spec.name_vi,
                "name_en": spec.name_en,
                "period_type": spec.period_type.value,
                "monitor_id": monitors[spec.monitor],
                "due_days": spec.due_days,
                "reporter_kinds": [kind.value for kind in spec.reporters],
            },
        )
        for element_spec in spec.elements:
            element, _is_new = DataElement.objects.update_or_create(
                code=element_spec.code,
                defaults={
                    "dataset": dataset,
                    "name_vi": element_spec.name_vi,
                    "name_en": element_spec.name_en,
                    "value_type": element_spec.value_type.value,
                    "time_aggregation": element_spec.over_time.value,
                },
            )
            elements[element.code] = element
    for indicator_spec in builtin.INDICATORS:
        indicator, is_new = Indicator.objects.update_or_create(
            code=indicator_spec.code,
            defaults={
                "name_vi": indicator_spec.name_vi,
                "name_en": indicator_spec.name_en,
                "formula": indicator_spec.formula.value,
                "factor": indicator_spec.factor,
                "unit": indicator_spec.unit,
                "direction": indicator_spec.direction.value,
                "period_type": indicator_spec.period_type.value,
                "monitor_id": monitors[indicator_spec.monitor],
            },
        )
        terms = [elements[code].pk for code in indicator_spec.terms]
        if list(indicator.terms.values_list("element_id", flat=True)) != terms:
            indicator.terms.all().delete()
            IndicatorTerm.objects.bulk_create(
                IndicatorTerm(indicator=indicator, element_id=pk, position=position)
                for position, pk in enumerate(terms)
            )
        for target in indicator_spec.targets:
            Target.objects.update_or_create(
                indicator=indicator,
                org_id=monitors[target.org] if target.org else None,
                period=target.period,
                defaults={
                    "value": target.value,
                    "baseline": target.baseline,
                    "baseline_period": target.baseline_period,
                },
            )
        if is_new:
            created += 1
            audit.record(actor, AuditEventType.INDICATOR_DEFINED, subject=indicator)
        else:
            updated += 1
    return {"indicators_created": created, "indicators_kept": updated}


# --- values --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInput:
    """A value as it arrives: from a file's line, a form or the API (line 0: not a file)."""

    element: str
    period: str
    org: str
    value: Any
    comment: str = ""
    line: int = 0


@dataclass(frozen=True)
class _Parsed:
    line: int
    element: DataElement
    org_id: int
    period: Period
    value: Decimal
    comment: str


@dataclass
class ValuesReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ValuesRejected(DomainError):
    """Some values are wrong; nothing was written. `report.problems` names each by line."""

    def __init__(
        self,
        report: ValuesReport,
        fields: dict[str, list[str]],
        by_element: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(report.problems[0], fields=fields)
        self.report = report
        # (data element code as given, message): where a form shows each problem.
        self.by_element = by_element or []


_GROUPED = re.compile(r"-?\d{1,3}([.,])\d{3}(\1\d{3})*")


def parse_number(value: Any, *, whole: bool = False) -> Decimal:
    """A number as people type it: '1234', '12.5', '12,5' (decimal comma), '1.234.567,5' or
    '1,234,567.5' (the last separator is the decimal one when both appear), '1 234'. A
    separator repeated in groups of three digits groups thousands ('1.234.567'); so does a
    single one before three digits when the number must be `whole` (a count: '1.234' is
    1234)."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
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
        raise ValueError(_("'%(value)s' is not a number") % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_("'%(value)s' is not a number") % {"value": value})
    return number


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


PERIOD_SHAPES = {
    PeriodType.MONTH: (gettext_lazy("month"), "YYYYMM"),
    PeriodType.QUARTER: (gettext_lazy("quarter"), "YYYYQn"),
    PeriodType.HALF_YEAR: (gettext_lazy("half-year"), "YYYYSn"),
    PeriodType.YEAR: (gettext_lazy("year"), "YYYY"),
}


class _FewOrgs:
    """The part of `OrgDirectory` the checks use, looking organisations up one by one."""

    def __init__(self) -> None:
        self.code_of: dict[int, str] = {}
        self.path_of: dict[int, str] = {}

    def resolve(self, text: str) -> int:
        org = resolve_org(text)
        self.code_of[org.pk], self.path_of[org.pk] = org.code, org.path
        return org.pk


class _Checker:
    """Turns inputs into parsed values, collecting 'line N: column: message' problems."""

    def __init__(self, actor: Any, *, many: bool) -> None:
        self.actor = actor
        self.elements = {
            e.code.casefold(): e for e in DataElement.objects.select_related("dataset")
        }
        # A file names many organisations: every one is loaded once. A form or an API call
        # names one, looked up alone (loading 3,400 organisations would be most of its time).
        self.directory: OrgDirectory | _FewOrgs = OrgDirectory.load() if many else _FewOrgs()
        self.problems: list[str] = []
        self.fields: dict[str, list[str]] = {}
        self.by_element: list[tuple[str, str]] = []
        self.first_line: dict[tuple[int, int, str], int] = {}
        self.permitted: dict[int, bool] = {}

    def problem(self, line: int, column: str, message: str, element: str = "") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(at_line(line, column, message) if line else message)
        self.fields.setdefault(column, []).append(message)
        self.by_element.append((element, message))

    def parse(self, item: ValueInput) -> _Parsed | None:
        line = item.line
        code = str(item.element or "").strip()
        element = self.elements.get(str(item.element or "").strip().casefold())
        if element is None:
            self.problem_at(
                code,
                line,
                "data_element",
                _("unknown data element '%(code)s'") % {"code": item.element},
            )
        org_id = None
        try:
            org_id = self.directory.resolve(str(item.org or ""))
        except OrgLookupError as exc:
            self.problem_at(code, line, "org", str(exc))
        period = None
        try:
            period = parse_period(str(item.period or ""))
        except PeriodError as exc:
            self.problem_at(code, line, "period", str(exc))
        if element is not None and period is not None:
            expected = PeriodType(element.dataset.period_type)
            if period.type is not expected:
                self.problem_at(
                    code,
                    line,
                    "period",
                    _("%(element)s is entered for each %(kind)s (%(shape)s), not for %(period)s")
                    % {
                        "element": element.code,
                        "kind": PERIOD_SHAPES[expected][0],
                        "shape": PERIOD_SHAPES[expected][1],
                        "period": period.code,
                    },
                )
                period = None
        value = None
        if element is not None:
            try:
                value = parse_value(element, item.value)
            except ValueError as exc:
                self.problem_at(code, line, "value", str(exc))
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
        return _Parsed(line, element, org_id, period, value, str(item.comment or "").strip())

    def problem_at(self, element: str, line: int, column: str, message: str) -> None:
        self.problem(line, column, message, element)

    def _permitted(self, org_id: int) -> bool:
        allowed = self.permitted.get(org_id)
        if allowed is None:
            allowed = permissions.can_enter_for(self.actor, self.directory.path_of[org_id])
            self.permitted[org_id] = allowed
        return allowed

    def check_locks(self, parsed: Sequence[_Parsed]) -> None:
        """Values of a form the monitoring organisation approved cannot change."""
        keys = {(p.element.dataset_id, p.org_id, p.period.code) for p in parsed}
        if not keys:
            return
        locked = set(
            Submission.objects.filter(
                status=SubmissionStatus.APPROVED,
                org_id__in={org for _, org, _ in keys},
                period__in={period for _, _, period in keys},
            ).values_list("dataset_id", "org_id", "period")
        )
        for item in parsed:
            if (item.element.dataset_id, item.org_id, item.period.code) in locked:
                self.problem(
                    item.line,
                    "period",
                    _("the %(period)s form of %(org)s is approved: its values are locked")
                    % {"period": item.period.code, "org": self.directory.code_of[item.org_id]},
                    item.element.code,
                )

    def check_ratios(self, parsed: Sequence[_Parsed]) -> None:
        """A ratio's numerator cannot exceed its denominator (records online ≤ records),
        comparing the file's values with each other and with those stored."""
        pairs = _ratio_pairs()
        if not pairs:
            return
        involved = {pk for pair in pairs for pk in pair}
        given = {(p.element.pk, p.org_id, p.period.code): p for p in parsed}
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
    """(numerator, denominator) element ids of the ratio indicators over counts or amounts
    of the same data set (a percentage of a population and a count of stations are not
    compared)."""
    terms: dict[int, list[DataElement]] = {}
    for term in (
        IndicatorTerm.objects.filter(indicator__formula=Formula.RATIO)
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


def values_save(
    actor: Any, *, inputs: Iterable[ValueInput], dry_run: bool = False, many: bool = True
) -> ValuesReport:
    """Check every input, then write them all or none: values, audit events and rollups in
    one transaction. Saving a value equal to the stored one changes nothing (idempotent).
    `many=False` for a handful of inputs (a form, an API call)."""
    checker = _Checker(actor, many=many)
    report = ValuesReport()
    parsed: list[_Parsed] = []
    for item in inputs:
        report.rows += 1
        result = checker.parse(item)
        if result is not None:
            parsed.append(result)
    checker.check_locks(parsed)
    checker.check_ratios(parsed)
    if checker.problems:
        report.problems = checker.problems
        raise ValuesRejected(report, checker.fields, checker.by_element)
    with transaction.atomic():
        _write(actor, parsed, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write(actor: Any, parsed: Sequence[_Parsed], report: ValuesReport) -> None:
    places = rollups.org_places({item.org_id for item in parsed})
    by_pair: dict[tuple[int, int], list[_Parsed]] = {}
    for item in parsed:
        by_pair.setdefault((item.element.pk, item.org_id), []).append(item)
    # Everything stored for the (element, organisation) pairs in the years the inputs touch:
    # a year is the longest period, so its values decide every figure the change reaches.
    years = {item.period.year for item in parsed}
    stored: dict[tuple[int, int], dict[str, DataValue]] = {}
    if by_pair:
        # By element and organisation separately (a condition per pair is too deep for
        # SQLite on a large file), keeping the pairs asked for.
        for value in DataValue.objects.filter(
            element_id__in={element_id for element_id, _ in by_pair},
            org_id__in={org_id for _, org_id in by_pair},
            starts_on__gte=date(min(years), 1, 1),
            ends_on__lte=date(max(years), 12, 31),
        ):
            if (value.element_id, value.org_id) in by_pair:
                stored.setdefault((value.element_id, value.org_id), {})[value.period] = value
    tally = rollups.new_tally()
    creates: list[DataValue] = []
    updates: list[DataValue] = []
    events = []
    for (element_id, org_id), items in by_pair.items():
        existing = stored.get((element_id, org_id), {})
        before = {parse_period(code): value.value for code, value in existing.items()}
        after = dict(before)
        for item in items:
            current = existing.get(item.period.code)
            if current is None:
                current = DataValue(
                    element_id=element_id,
                    org_id=org_id,
                    period=item.period.code,
                    starts_on=item.period.start,
                    ends_on=item.period.end,
                    value=item.value,
                    comment=item.comment,
                    entered_by=audit.as_user(actor),
                )
                creates.append(current)
                report.created += 1
                old = None
            elif current.value != item.value or current.comment != item.comment:
                old = current.value
                current.value, current.comment = item.value, item.comment
                current.entered_by = audit.as_user(actor)
                current.updated_at = timezone.now()  # bulk_update does not set auto_now
                updates.append(current)
                report.updated += 1
            else:
                report.unchanged += 1
                continue
            after[item.period] = item.value
            events.append((current, old, item))
        element = items[0].element
        rollups.add_change(
            tally,
            element_id=element_id,
            how=TimeAggregation(element.time_aggregation),
            place=places[org_id],
            before=before,
            after=after,
        )
    DataValue.objects.bulk_create(creates, batch_size=2000)
    DataValue.objects.bulk_update(
        updates, ["value", "comment", "entered_by", "updated_at"], batch_size=2000
    )
    rollups.apply(tally)
    audit.record_many(
        audit.build(
            actor,
            AuditEventType.VALUE_ENTERED,
            subject=value,
            changes={"value": [audit.json_value(old), audit.json_value(item.value)]},
            data={"element": item.element.code, "period": item.period.code},
        )
        for value, old, item in events
    )


def value_set(
    actor: Any, *, element: str, org: str, period: str, value: Any, comment: str = ""
) -> ValuesReport:
    """One value, as the entry form and the API give it."""
    return values_save(
        actor,
        inputs=[ValueInput(element=element, period=period, org=org, value=value, comment=comment)],
        many=False,
    )


# --- forms: submission and approval -------------------------------------------------------


def due_on(dataset: DataSet, period: Period) -> date:
    return period.end + timedelta(days=dataset.due_days)


@transaction.atomic
def submission_submit(
    actor: Any, *, dataset: DataSet, org: Organization, period: Period, today: date
) -> Submission:
    """An organisation sends its form for a period to the monitoring organisation; a
    returned form may be sent again. Late when sent after the due date."""
    if PeriodType(dataset.period_type) is not period.type:
        raise DomainError(
            _("%(dataset)s is reported for each %(kind)s")
            % {"dataset": dataset.code, "kind": PERIOD_SHAPES[PeriodType(dataset.period_type)][0]},
            fields={"period": [_("wrong kind of period")]},
        )
    if not permissions.can_enter_for(actor, org.path):
        raise NotPermitted(_("You may not submit forms for this organisation."))
    submission, _created = Submission.objects.select_for_update().get_or_create(
        dataset=dataset,
        org=org,
        period=period.code,
        defaults={"due_on": due_on(dataset, period)},
    )
    if submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        raise InvalidTransition(
            _("This form is already %(status)s.")
            % {"status": submission.get_status_display().lower()}
        )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_on = today
    submission.submitted_by = audit.as_user(actor)
    submission.save()
    audit.record(
        actor,
        AuditEventType.FORM_SUBMITTED,
        subject=submission,
        data={"late": submission.is_late, "due_on": submission.due_on},
    )
    return submission


@transaction.atomic
def submission_approve(actor: Any, *, submission: Submission, today: date) -> Submission:
    """The monitoring organisation accepts a submitted form: its values lock."""
    return _decide(actor, submission, SubmissionStatus.APPROVED, "", today)


@transaction.atomic
def submission_return(
    actor: Any, *, submission: Submission, reason: str, today: date
) -> Submission:
    """The monitoring organisation sends a form back, with the reason, to be corrected."""
    if not reason.strip():
        raise DomainError(_("Give the reason."), fields={"reason": [_("This field is required.")]})
    return _decide(actor, submission, SubmissionStatus.RETURNED, reason.strip(), today)


def _decide(
    actor: Any, submission: Submission, status: SubmissionStatus, reason: str, today: date
) -> Submission:
    submission = (
        Submission.objects.select_for_update()
        .select_related("dataset__monitor", "org")
        .get(pk=submission.pk)
    )
    if not permissions.can_approve_for(actor, submission.dataset):
        raise NotPermitted(_("Only the monitoring organisation decides on this form."))
    if submission.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted form can be approved or returned."))
    submission.status, submission.reason = status, reason
    submission.decided_on, submission.decided_by = today, audit.as_user(actor)
    submission.save()
    event = (
        AuditEventType.FORM_APPROVED
        if status == SubmissionStatus.APPROVED
        else AuditEventType.FORM_RETURNED
    )
    audit.record(actor, event, subject=submission, data={"reason": reason} if reason else None)
    return submission


# --- the composite ranking's weights ---------------------------------------------------------


def ranking_weights() -> RankingWeights:
    """The weights in force (the defaults until the secretariat sets them)."""
    return RankingWeights.objects.first() or RankingWeights()


@transaction.atomic
def ranking_weights_set(actor: Any, *, weights: dict[str, int]) -> RankingWeights:
    """The secretariat sets the weights of the composite ranking; at least one must count."""
    if not permissions.can_set_ranking_weights(actor):
        raise NotPermitted(_("Only the secretariat sets the ranking's weights."))
    if any(value < 0 or value > 100 for value in weights.values()) or not any(weights.values()):
        message = _("Each weight is a whole number from 0 to 100, and one at least is above 0.")
        raise ValidationFailed(message, fields={name: [message] for name in weights})
    current = RankingWeights.objects.select_for_update().first() or RankingWeights()
    before = current.as_dict()
    for name, value in weights.items():
        setattr(current, name, value)
    current.updated_by = audit.as_user(actor)
    current.save()
    audit.record(
        actor,
        AuditEventType.RANKING_WEIGHTS_SET,
        subject=current,
        changes=audit.diff(before, current.as_dict()),
    )
    return current
