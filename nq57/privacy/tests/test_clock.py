"""The 72-hour clock of a breach (Decree 13/2023/NĐ-CP, Article 23), as a pure rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nq57.privacy import rules
from nq57.privacy.choices import ClockState

moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)
spans = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))


def test_the_deadline_is_72_hours_after_discovery() -> None:
    found = datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
    assert rules.notification_deadline(found) == datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
    assert rules.clock_at(found, None, found) == rules.ClockReading(ClockState.RUNNING, 72)
    half_hour_late = found + timedelta(hours=72, minutes=30)
    assert rules.clock_at(found, None, half_hour_late).hours_overdue == 1


@given(found=moments, elapsed=spans)
def test_before_notification_the_clock_runs_then_is_overdue(
    found: datetime, elapsed: timedelta
) -> None:
    reading = rules.clock_at(found, None, found + elapsed)
    if elapsed <= rules.NOTIFY_WITHIN:
        assert reading.state == ClockState.RUNNING
        assert reading.hours_overdue == 0
        assert 0 <= reading.hours_left <= 72
        # the hours left and the hours gone make the 72 (a started hour counts as one)
        assert 72 <= reading.hours_left + rules.whole_hours(elapsed) <= 73
    else:
        assert reading.state == ClockState.OVERDUE
        assert reading.hours_left == 0
        assert reading.hours_overdue == rules.whole_hours(elapsed - rules.NOTIFY_WITHIN) >= 1


@given(found=moments, until_notified=spans, after=spans)
def test_a_notification_stops_the_clock_and_says_whether_it_was_late(
    found: datetime, until_notified: timedelta, after: timedelta
) -> None:
    notified = found + until_notified
    reading = rules.clock_at(found, notified, notified + after)
    late = rules.notified_late(found, notified)
    assert late == (until_notified > rules.NOTIFY_WITHIN)
    assert reading.state == (ClockState.NOTIFIED_LATE if late else ClockState.NOTIFIED)
    # the reading no longer moves once notified
    assert reading == rules.clock_at(found, notified, notified + after + timedelta(days=9))
    assert reading.hours_left == 0


@given(found=moments, elapsed=spans, later=spans)
def test_overdue_hours_never_shrink_while_nobody_notifies(
    found: datetime, elapsed: timedelta, later: timedelta
) -> None:
    first = rules.clock_at(found, None, found + elapsed)
    second = rules.clock_at(found, None, found + elapsed + later)
    assert second.hours_overdue >= first.hours_overdue
    assert second.hours_left <= first.hours_left


@given(received=moments, hours=st.integers(min_value=1, max_value=720), elapsed=spans)
def test_a_request_is_overdue_only_while_open_and_past_its_due_time(
    received: datetime, hours: int, elapsed: timedelta
) -> None:
    due = rules.request_due(received, hours)
    assert due - received == timedelta(hours=hours)
    now = received + elapsed
    assert rules.request_overdue(due, is_open=True, at=now) == (now > due)
    assert not rules.request_overdue(due, is_open=False, at=now)
