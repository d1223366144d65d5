"""Every category of the record of processing is enforced by a rule, or kept as evidence
with its reason; the daily run applies them all and records one event (issue 12 item 3)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from nq57.core import retention
from nq57.core.models import AuditEvent, RateHit
from nq57.core.processing import processing_record

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


def test_every_category_has_an_enforced_rule_or_is_kept_as_evidence() -> None:
    ruled = {rule.category for rule in retention.rules()}
    for activity in processing_record():
        if activity.kept_as_evidence:
            assert activity.code not in ruled, activity.code
            assert activity.retention_years is None
            assert activity.retention_days is None
        else:
            assert activity.code in ruled, f"{activity.code}: no retention rule"
            assert activity.retention_years or activity.retention_days is not None
    assert ruled <= {activity.code for activity in processing_record()}
    kept = {a.code for a in processing_record() if a.kept_as_evidence}
    assert kept == {"audit_trail", "official_accounts"}


@given(moments, days, st.integers(0, 4000))
def test_a_record_is_past_exactly_when_it_is_older_than_the_cutoff(
    made_at: datetime, today: date, kept_days: int
) -> None:
    made_on = made_at.astimezone(HANOI).date()
    past = made_at < retention.cutoff(today, kept_days)
    assert past == retention.is_past(made_on, today, kept_days)
    if past:  # kept its days in full, and stays past on every later day
        assert (today - made_on).days > kept_days
        assert retention.is_past(made_on, today + timedelta(days=1), kept_days)


@given(days, st.integers(0, 50))
def test_adding_years_lands_on_the_same_day_or_the_28th_of_february(day: date, years: int) -> None:
    later = retention.add_years(day, years)
    assert later.year == day.year + years
    assert later.month == day.month
    assert later.day == day.day or (day.month, day.day, later.day) == (2, 29, 28)


@pytest.mark.django_db
def test_rate_hits_go_once_a_whole_day_old_and_the_rest_stay() -> None:
    today = date(2026, 5, 10)
    midnight = datetime(2026, 5, 9, tzinfo=HANOI)  # the start of yesterday
    for at in (midnight - timedelta(seconds=1), midnight, midnight + timedelta(hours=30)):
        RateHit.objects.create(scope="submit", key="1.2.3.4", at=at)
    assert retention.rate_hits_expire(today) == 1
    assert sorted(RateHit.objects.values_list("at", flat=True)) == [
        midnight,
        midnight + timedelta(hours=30),
    ]
    assert retention.rate_hits_expire(today) == 0


@pytest.mark.django_db
def test_one_run_applies_every_rule_and_records_one_system_event_with_its_counts() -> None:
    old = timezone.now() - timedelta(days=3)
    RateHit.objects.create(scope="submit", key="1.2.3.4", at=old)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "portal_items: 0 removed"
    assert "abuse_protection: 1 removed" in lines
    assert len(lines) == len(retention.rules())
    event = AuditEvent.objects.get(event="core.retention_applied")
    assert event.actor is None
    assert event.data["removed"]["abuse_protection"] == 1
    assert set(event.data["removed"]) == {rule.category for rule in retention.rules()}

    call_command("apply_retention", stdout=io.StringIO())  # idempotent: nothing left to remove
    second = AuditEvent.objects.filter(event="core.retention_applied").last()
    assert second is not None
    assert set(second.data["removed"].values()) == {0}


def test_a_category_ruled_twice_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        retention.register("portal_items", lambda today: 0)
