"""Every write of data quality: record a check result (the owner's officials, the
secretariat, the owner's system through the API), verify it, adjust it with a reason (the
assessing body). Each takes the actor first, checks, writes and records its audit event.
Evidence is never rewritten: an adjustment is a new row that supersedes the one it corrects;
verifying only stamps who verified and when, once."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.periods import PeriodError, PeriodType, parse_period

from ..models import CheckResult, Database
from . import events
from .choices import Criterion, EvidenceSource
from .permissions import can_record_quality, is_assessor

OWNER_SIDE = (EvidenceSource.OWNER, EvidenceSource.SYSTEM)


def quarter_end(period: str) -> tuple[str, date]:
    """The quarter's code as stored and its last day; ValidationFailed for anything else."""
    try:
        found = parse_period(period)
    except PeriodError as exc:
        raise ValidationFailed(str(exc), fields={"period": [str(exc)]}) from None
    if found.type is not PeriodType.QUARTER:
        message = _("quality is assessed by quarter: write the period as YYYYQn (2025Q4)")
        raise ValidationFailed(message, fields={"period": [message]})
    return found.code, found.end


def check_counts(records_checked: int, records_passing: int) -> None:
    """Whole numbers, none negative, no more passing than checked."""
    if records_checked < 0 or records_passing < 0:
        message = _("the numbers of records cannot be negative")
        raise ValidationFailed(message, fields={"records_checked": [message]})
    if records_passing > records_checked:
        message = _("more records passing (%(passing)s) than checked (%(checked)s)") % {
            "passing": records_passing,
            "checked": records_checked,
        }
        raise ValidationFailed(message, fields={"records_passing": [message]})


def check_criterion(criterion: str) -> None:
    if criterion not in Criterion.values:
        message = _("unknown criterion '%(value)s' (expected one of: %(codes)s)") % {
            "value": criterion,
            "codes": ", ".join(Criterion.values),
        }
        raise ValidationFailed(message, fields={"criterion": [message]})


@transaction.atomic
def check_result_record(
    actor: Actor,
    *,
    database: Database,
    period: str,
    criterion: Criterion | str,
    records_checked: int,
    records_passing: int,
    source: EvidenceSource | str = EvidenceSource.OWNER,
    at: datetime | None = None,
) -> tuple[CheckResult, bool]:
    """Record what a check of `criterion` of `database` found for a quarter. The same
    figures as the owner's latest result for it change nothing (returns it, False): a file
    imported again, even after an assessor adjusted that result."""
    if not can_record_quality(actor, database):
        raise NotPermitted(_("only the database's owner may record its quality checks"))
    if source not in OWNER_SIDE:
        raise ValidationFailed(_("only an assessor's adjustment is an assessor's result"))
    code, end = quarter_end(period)
    check_criterion(criterion)
    check_counts(records_checked, records_passing)
    latest = (
        CheckResult.objects.filter(
            database=database, period=code, criterion=criterion, source__in=OWNER_SIDE
        )
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if latest is not None and (latest.records_checked, latest.records_passing) == (
        records_checked,
        records_passing,
    ):
        return latest, False
    result = CheckResult.objects.create(
        database=database,
        period=code,
        period_end=end,
        criterion=criterion,
        records_checked=records_checked,
        records_passing=records_passing,
        source=source,
        recorded_by_id=user_id_of(actor),
        recorded_at=at or timezone.now(),
    )
    audit.record(actor, events.CHECK_RECORDED, subject=database, data=_described(result))
    return result, True


def _current(result: CheckResult) -> CheckResult:
    """The result locked, refused when an adjustment already corrected it."""
    locked = CheckResult.objects.select_for_update().get(pk=result.pk)
    if CheckResult.objects.filter(supersedes=locked).exists():
        raise InvalidTransition(_("this result was adjusted already; act on the adjustment"))
    return locked


@transaction.atomic
def check_result_verify(
    actor: Actor, *, result: CheckResult, at: datetime | None = None
) -> CheckResult:
    """The assessing body confirms a result as evidence for the official score."""
    if not is_assessor(actor):
        raise NotPermitted(_("only the assessing body verifies quality checks"))
    locked = _current(result)
    if locked.verified_at is not None:
        raise InvalidTransition(_("this result is verified already"))
    locked.verified_by_id = user_id_of(actor)
    locked.verified_at = at or timezone.now()
    locked.save(update_fields=["verified_by", "verified_at"])
    audit.record(actor, events.CHECK_VERIFIED, subject=locked.database, data=_described(locked))
    return locked


@transaction.atomic
def check_result_adjust(
    actor: Actor,
    *,
    result: CheckResult,
    records_checked: int,
    records_passing: int,
    reason: str,
    at: datetime | None = None,
) -> CheckResult:
    """The assessing body corrects a result: a new, verified row with the reason, that
    supersedes it (the corrected row stays, for the record and for earlier dates)."""
    if not is_assessor(actor):
        raise NotPermitted(_("only the assessing body adjusts quality checks"))
    reason = (reason or "").strip()
    if not reason:
        message = _("an adjustment needs its reason")
        raise ValidationFailed(message, fields={"reason": [message]})
    check_counts(records_checked, records_passing)
    locked = _current(result)
    when = at or timezone.now()
    adjusted = CheckResult.objects.create(
        database_id=locked.database_id,
        period=locked.period,
        period_end=locked.period_end,
        criterion=locked.criterion,
        records_checked=records_checked,
        records_passing=records_passing,
        source=EvidenceSource.ASSESSOR,
        recorded_by_id=user_id_of(actor),
        recorded_at=when,
        verified_by_id=user_id_of(actor),
        verified_at=when,
        supersedes=locked,
        reason=reason,
    )
    audit.record(
        actor,
        events.CHECK_ADJUSTED,
        subject=locked.database,
        data={**_described(adjusted), "supersedes": locked.pk, "reason": reason},
    )
    return adjusted


def _described(result: CheckResult) -> dict[str, object]:
    return {
        "result": result.pk,
        "period": result.period,
        "criterion": result.criterion,
        "records_checked": result.records_checked,
        "records_passing": result.records_passing,
        "source": result.source,
    }
