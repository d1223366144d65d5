"""Editing the catalogue's indicators, created and changed by the secretariat or the
monitoring organisation, through the pages and the API alike; and what every edit of the
catalogue shares (data elements: `elements.py`, targets: `targets.py`).

Each write checks who may, validates every field at once (a `ValidationFailed` with the
messages by field, nothing written), writes under a row lock, marks the row edited (so
`load_indicators` never overwrites it) and records its audit event with the changes.

Figures need no recompute: the rollups hold sums per data element, and an indicator's
figure is computed from them when it is read (`selectors.figures`), so a new formula, new
terms or a new factor show at once everywhere. What would change a data element's stored
sums (its data set, its aggregation over time, its kind of value) is refused once values
exist: a new element is the way to count differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.core.actors import user_id_of
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.core.exchange import parse_number
from nq57.core.locking import reread_for_update
from nq57.core.periods import parse_period
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from .. import catalogue_rules as rules
from .. import events, permissions
from ..choices import Direction, Formula, IndicatorGroup
from ..models import PERIOD_TYPES, DataElement, Indicator, IndicatorTerm

FieldErrors = dict[str, list[str]]
REFUSED = gettext_lazy("You may not change the catalogue of this monitoring organisation.")
INDICATOR_FIELDS = (
    *("name_vi", "name_en", "group", "formula", "factor", "unit", "direction"),
    *("period_type", "monitor", "description", "terms"),
)


def add_error(errors: FieldErrors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if_any(errors: FieldErrors) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, fields=errors)


def text_field(errors: FieldErrors, field: str, value: Any, limit: int, *, required: bool) -> str:
    text = str(value if value is not None else "").strip()
    if "\x00" in text:
        add_error(errors, field, _("Null characters are not allowed."))
    elif required and not text:
        add_error(errors, field, _("this field is required"))
    elif len(text) > limit:
        add_error(errors, field, _("at most %(limit)s characters") % {"limit": limit})
    return text


def choice_field(errors: FieldErrors, field: str, value: Any, allowed: Sequence[str]) -> str:
    text = str(value if value is not None else "").strip()
    if text not in allowed:
        add_error(errors, field, _("choose one of: %(choices)s") % {"choices": ", ".join(allowed)})
    return text


def _org(errors: FieldErrors, field: str, text: Any) -> Organization | None:
    if isinstance(text, Organization):
        return text
    try:
        return resolve_org(str(text or ""))
    except OrgLookupError as exc:
        add_error(errors, field, str(exc))
        return None


def mark_edited(actor: Actor, row: DataElement | Indicator) -> None:
    row.edited_at = timezone.now()
    row.edited_by_id = user_id_of(actor)


def element_facts(element: DataElement) -> rules.ElementFacts:
    return rules.ElementFacts(element.code, element.value_type, element.dataset.period_type)


def _terms(errors: FieldErrors, codes: Any) -> list[DataElement]:
    """The data elements of the formula, in the order given (codes or elements)."""
    if isinstance(codes, str):
        codes = [part for part in codes.replace(",", " ").split() if part]
    if not isinstance(codes, list | tuple):
        add_error(errors, "terms", _("give the data elements as a list of codes"))
        return []
    wanted = [c.code if isinstance(c, DataElement) else str(c).strip() for c in codes]
    found = {
        e.code: e for e in DataElement.objects.select_related("dataset").filter(code__in=wanted)
    }
    for code in wanted:
        if code not in found:
            add_error(errors, "terms", _("unknown data element '%(code)s'") % {"code": code})
    return [found[code] for code in wanted if code in found]


def _factor(errors: FieldErrors, value: Any) -> Decimal:
    try:
        number = parse_number(value)
    except ValueError as exc:
        add_error(errors, "factor", str(exc))
        return Decimal(1)
    if number <= 0 or number >= Decimal(10) ** 8:
        add_error(errors, "factor", _("the factor must be above 0 and below 100,000,000"))
    elif number != number.quantize(Decimal("0.0001")):
        add_error(errors, "factor", _("at most 4 decimal places"))
    return number


def _indicator_fields(errors: FieldErrors, values: dict[str, Any]) -> dict[str, Any]:
    """The indicator's editable fields given in `values`, each checked alone."""
    checked: dict[str, Any] = {}
    texts = {"name_vi": (300, True), "name_en": (300, False), "unit": (40, False)}
    for name, (limit, required) in {**texts, "description": (5000, False)}.items():
        if name in values:
            checked[name] = text_field(errors, name, values[name], limit, required=required)
    choices = {
        "group": IndicatorGroup.values,
        "formula": Formula.values,
        "direction": Direction.values,
        "period_type": [kind for kind, _label in PERIOD_TYPES],
    }
    for name, allowed in choices.items():
        if name in values and values[name] not in (None, ""):
            checked[name] = choice_field(errors, name, values[name], allowed)
    if "factor" in values:
        checked["factor"] = _factor(errors, values["factor"])
    if "monitor" in values:
        checked["monitor"] = _org(errors, "monitor", values["monitor"])
    if "terms" in values:
        checked["terms"] = _terms(errors, values["terms"])
    return checked


def _check_indicator(errors: FieldErrors, indicator: Indicator, terms: list[DataElement]) -> None:
    """The indicator as a whole: its formula, terms, unit and period type together, and its
    targets' periods against its period type."""
    facts = [element_facts(element) for element in terms]
    for problem in rules.formula_problems(indicator.formula, facts):
        add_error(errors, "terms", problem)
    if facts:
        for problem in rules.period_type_problems(indicator.period_type, facts):
            add_error(errors, "period_type", problem)
    for problem in rules.unit_problems(indicator.unit, indicator.formula, facts):
        add_error(errors, "unit", problem)
    if indicator.pk is None:
        return
    shortest = rules.period_months(indicator.period_type)
    for period in indicator.targets.values_list("period", flat=True):
        if parse_period(period).type.months < shortest:
            add_error(
                errors,
                "period_type",
                _("the target for %(period)s is for a shorter period") % {"period": period},
            )


def plain(number: Decimal | None) -> str | None:
    """A number as the change record keeps it: 100, not 100.0000 (stored) or 1E+2."""
    if number is None:
        return None
    return format(Decimal(number).normalize(), "f")


def _indicator_snapshot(indicator: Indicator, terms: list[DataElement]) -> dict[str, Any]:
    return {
        **{name: getattr(indicator, name) for name in INDICATOR_FIELDS[:-3]},
        "factor": plain(indicator.factor),
        "monitor": indicator.monitor.code,
        "description": indicator.description,
        "terms": [element.code for element in terms],
    }


@transaction.atomic
def indicator_create(
    actor: Actor, *, code: str, monitor: Organization | str, **values: Any
) -> Indicator:
    """A new indicator: its formula over data elements (a ratio: numerator, denominator),
    unit, direction, period type (by default the longest of its elements'), group and the
    organisation that monitors it."""
    errors: FieldErrors = {}
    monitor_org = _org(errors, "monitor", monitor)
    raise_if_any(errors)
    assert monitor_org is not None  # nosec B101  # narrows a type for mypy; no check rests on it
    if not permissions.can_edit_catalogue(actor, monitor_org):
        raise NotPermitted(str(REFUSED))
    unknown = set(values) - set(INDICATOR_FIELDS)
    for name in sorted(unknown):
        add_error(errors, name, _("unknown field"))
    code = str(code or "").strip()
    problem = rules.code_problem(code)
    if problem:
        add_error(errors, "code", problem)
    elif code in rules.RESERVED_INDICATOR_CODES:
        add_error(errors, "code", _("this code is reserved"))
    elif Indicator.objects.filter(code=code).exists():
        add_error(errors, "code", _("an indicator with this code exists"))
    for name in ("name_vi", "formula", "terms"):
        values.setdefault(name, "")
    fields = _indicator_fields(errors, values)
    terms: list[DataElement] = fields.pop("terms")
    if not fields.get("period_type") and terms:
        fields["period_type"] = rules.longest_period_type([element_facts(e) for e in terms])
    for name in ("formula", "period_type"):
        if not fields.get(name) and name not in errors and (name == "formula" or not terms):
            add_error(errors, name, _("this field is required"))
    indicator = Indicator(code=code, monitor=monitor_org, **fields)
    indicator.name_en = indicator.name_en or indicator.name_vi
    if not errors.keys() & {"formula", "period_type", "terms"}:
        _check_indicator(errors, indicator, terms)
    raise_if_any(errors)
    mark_edited(actor, indicator)
    indicator.save()
    _write_terms(indicator, terms)
    changes = audit.diff({}, _indicator_snapshot(indicator, terms))
    audit.record(actor, events.INDICATOR_DEFINED, subject=indicator, changes=changes)
    return indicator


def _write_terms(indicator: Indicator, terms: list[DataElement]) -> None:
    indicator.terms.all().delete()
    IndicatorTerm.objects.bulk_create(
        IndicatorTerm(indicator=indicator, element=element, position=position)
        for position, element in enumerate(terms)
    )


@transaction.atomic
def indicator_update(actor: Actor, *, indicator: Indicator, **changes: Any) -> Indicator:
    """Change an indicator (its code stays); its figures follow at once, from the same
    rollups (see the module's docstring)."""
    locked = reread_for_update(indicator, "monitor")
    if not permissions.can_edit_catalogue(actor, locked.monitor):
        raise NotPermitted(str(REFUSED))
    errors: FieldErrors = {}
    for name in sorted(set(changes) - set(INDICATOR_FIELDS)):
        add_error(errors, name, _("this field cannot be changed here"))
    fields = _indicator_fields(errors, changes)
    new_monitor = fields.get("monitor")
    if new_monitor is not None and not permissions.can_edit_catalogue(actor, new_monitor):
        raise NotPermitted(str(REFUSED))
    raise_if_any(errors)
    current = [
        term.element
        for term in locked.terms.select_related("element__dataset").order_by("position")
    ]
    terms: list[DataElement] = fields.pop("terms", current)
    before = _indicator_snapshot(locked, current)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.name_en = locked.name_en or locked.name_vi
    changed = audit.diff(before, _indicator_snapshot(locked, terms))
    if not changed:
        return locked
    _check_indicator(errors, locked, terms)
    raise_if_any(errors)
    mark_edited(actor, locked)
    locked.save()
    if "terms" in changed:
        _write_terms(locked, terms)
    audit.record(actor, events.INDICATOR_UPDATED, subject=locked, changes=changed)
    return locked
