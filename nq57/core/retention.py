"""Retention of personal data, one rule per category of the record of processing
(`data/processing.json`). Each app registers the rules for the data it holds (its
`retention.py`, imported by its `AppConfig.ready`); `manage.py apply_retention`, run daily by
the schedule, applies them all and records one audit event with what each removed.

A rule is idempotent: what it removed is no longer selected the next day. Categories kept as
evidence (the audit trail, officials' accounts) have no rule; the record says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AuditEvent, RateHit
from .processing import ProcessingActivity, processing_record

RETENTION_APPLIED = audit.register(
    "core.retention_applied", _("{actor} applied the retention rules of {target}")
)


@dataclass(frozen=True)
class Rule:
    """Removes what one category holds past its retention on a day; how many it removed."""

    category: str  # a code of processing.json
    apply: Callable[[date], int]


_rules: dict[str, Rule] = {}


def register(category: str, apply: Callable[[date], int]) -> Rule:
    """Declare the rule of a category; a category ruled twice is a programming error."""
    if category in _rules:
        raise ImproperlyConfigured(f"retention rule registered twice: {category}")
    _rules[category] = Rule(category, apply)
    return _rules[category]


def rules() -> tuple[Rule, ...]:
    """Every registered rule, in the order of the record of processing."""
    order = {activity.code: index for index, activity in enumerate(processing_record())}
    return tuple(sorted(_rules.values(), key=lambda rule: order.get(rule.category, len(order))))


def activity(category: str) -> ProcessingActivity:
    return next(entry for entry in processing_record() if entry.code == category)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day`, local time (settings.TIME_ZONE)."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def cutoff(today: date, days: int) -> datetime:
    """Records from before this moment are past a retention of `days` on `today`: each is
    kept `days` whole days after the day it was made, and goes the day after."""
    return start_of_day(today - timedelta(days=days))


def is_past(made_on: date, today: date, days: int) -> bool:
    """A record made on `made_on` and kept `days` days is past its retention on `today`."""
    return made_on + timedelta(days=days) < today


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def apply_all(today: date) -> dict[str, int]:
    """Apply every rule as of `today`; the count each removed, also recorded as one system
    audit event (the day is its subject: the run concerns no single record)."""
    counts = {rule.category: rule.apply(today) for rule in rules()}
    with transaction.atomic():
        AuditEvent.objects.create(
            actor=None,
            event=RETENTION_APPLIED.code,
            subject_type="retention",
            subject_id=int(today.strftime("%Y%m%d")),
            subject_label=today.isoformat(),
            data={"today": today.isoformat(), "removed": counts},
        )
    return counts


def rate_hits_expire(today: date) -> int:
    """Rate-limit hits count for an hour and are pruned per key as it is hit again; the hits
    of keys never hit again go here, once a whole day old."""
    deleted, _by_model = RateHit.objects.filter(
        at__lt=cutoff(today, activity("abuse_protection").retention_days or 0)
    ).delete()
    return deleted


register("abuse_protection", rate_hits_expire)
