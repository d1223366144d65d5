"""Setting an indicator's targets: one per organisation (or the nation) and period, set by
the secretariat or the indicator's monitoring organisation, audited, and kept by
`load_indicators` once set here.

A target is for the indicator's period type or a longer one that covers it (a monthly
rate's target for the year, as the committees set them); figures read the target of the
shortest period covering theirs when they are read, so a new target shows at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.core.actors import user_id_of
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.core.exchange import parse_number
from nq57.core.periods import Period, PeriodError, PeriodType, parse_period
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from .. import events, permissions
from ..choices import PERIOD_SHAPES
from ..models import Indicator, Target
from .catalogue_edit import REFUSED, FieldErrors, plain

LIMIT = Decimal(10) ** 19  # VALUE_DIGITS - VALUE_PLACES digits before the point


def _number(errors: FieldErrors, field: str, raw: Any, *, negative_ok: bool) -> Decimal | None:
    try:
        number = parse_number(raw)
    except ValueError as exc:
        errors.setdefault(field, []).append(str(exc))
        return None
    if number < 0 and not negative_ok:
        errors.setdefault(field, []).append(
            _("the indicator's data elements cannot be negative, nor can its target")
        )
    elif abs(number) >= LIMIT:
        errors.setdefault(field, []).append(_("%(value)s is too large") % {"value": raw})
    elif number != number.quantize(Decimal("0.0001")):
        errors.setdefault(field, []).append(_("at most 4 decimal places"))
    return number


def _period(errors: FieldErrors, field: str, text: Any) -> Period | None:
    try:
        return parse_period(str(text or ""))
    except PeriodError as exc:
        errors.setdefault(field, []).append(str(exc))
        return None


def _org(errors: FieldErrors, text: Any) -> Organization | None:
    if isinstance(text, Organization):
        return text
    try:
        return resolve_org(str(text))
    except OrgLookupError as exc:
        errors.setdefault("org", []).append(str(exc))
        return None


@transaction.atomic
def target_set(
    actor: Actor,
    *,
    indicator: Indicator,
    org: Organization | str | None,
    period: str,
    value: Any,
    baseline: Any = None,
    baseline_period: str = "",
) -> tuple[Target, bool]:
    """Set the target of an indicator for an organisation's subtree (None or "": the nation)
    and a period, from an optional baseline at an earlier period; whether it is new."""
    if not permissions.can_edit_catalogue(actor, indicator.monitor):
        raise NotPermitted(str(REFUSED))
    errors: FieldErrors = {}
    whose = _org(errors, org) if org not in (None, "") else None
    asked = _period(errors, "period", period)
    kind = PeriodType(indicator.period_type)
    if asked is not None and asked.type.months < kind.months:
        errors.setdefault("period", []).append(
            _("%(code)s is computed for each %(kind)s: its target is for one or a longer period")
            % {"code": indicator.code, "kind": PERIOD_SHAPES[kind][0]}
        )
    negative_ok = indicator.terms.filter(element__allows_negative=True).exists()
    number = _number(errors, "value", value, negative_ok=negative_ok)
    base = None
    if baseline not in (None, ""):
        base = _number(errors, "baseline", baseline, negative_ok=negative_ok)
    since = _period(errors, "baseline_period", baseline_period) if baseline_period else None
    if (base is None) != (since is None) and "baseline" not in errors:
        errors.setdefault("baseline_period", []).append(
            _("give the baseline with the period it was measured in, or neither")
        )
    if since is not None and asked is not None and since.end >= asked.end:
        errors.setdefault("baseline_period", []).append(
            _("the baseline is measured before the target's period ends")
        )
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], fields=errors)
    assert asked is not None  # nosec B101  # narrows a type for mypy; no check rests on it
    assert number is not None  # nosec B101  # narrows a type for mypy; no check rests on it
    fields = {
        "value": number,
        "baseline": base,
        "baseline_period": since.code if since else "",
    }
    target, created, before = _locked_target(indicator, whose, asked.code, fields)
    after = _snapshot(target)
    changed = audit.diff(before, after)
    if not changed:
        return target, False
    target.edited_at = timezone.now()
    target.edited_by_id = user_id_of(actor)
    target.save()
    audit.record(
        actor,
        events.TARGET_SET,
        subject=target,
        changes=changed,
        data={
            "indicator": indicator.code,
            "org": whose.code if whose else "",
            "period": asked.code,
        },
    )
    return target, created


def _locked_target(
    indicator: Indicator, org: Organization | None, period: str, fields: dict[str, Any]
) -> tuple[Target, bool, dict[str, Any]]:
    """The target row under a lock (created when there is none, once whatever the
    interleaving: the unique constraints decide), with `fields` set; whether it is new, and
    what it held before."""
    key = {"indicator": indicator, "org": org, "period": period}
    for _attempt in range(2):
        found = Target.objects.select_for_update().filter(**key).first()
        if found is not None:
            before = _snapshot(found)
            for name, value in fields.items():
                setattr(found, name, value)
            return found, False, before
        try:
            with transaction.atomic():
                return Target.objects.create(**key, **fields), True, {}
        except IntegrityError:  # another writer created it first: update theirs
            continue
    raise ValidationFailed(_("The target is being changed by someone else; try again."))


def _snapshot(target: Target) -> dict[str, Any]:
    return {
        "value": plain(target.value),
        "baseline": plain(target.baseline),
        "baseline_period": target.baseline_period,
    }
