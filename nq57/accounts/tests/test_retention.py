"""Signed-in sessions are deleted a year after their last use, and django-axes' sign-in
records 90 days after they were made; what is younger stays (issue 12 item 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from nq57.accounts.models import SignedInSession
from nq57.accounts.retention import sign_in_records_expire, signed_in_sessions_expire
from nq57.core.processing import processing_record

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 6, 15)
TODAY_NOON = datetime(2026, 6, 15, 12, tzinfo=HANOI)


def kept_days(category: str) -> int:
    days = next(a for a in processing_record() if a.code == category).retention_days
    assert days is not None
    return days


def last_kept_moment(category: str) -> datetime:
    """The first moment of the earliest day still kept on TODAY."""
    day = TODAY - timedelta(days=kept_days(category))
    return datetime(day.year, day.month, day.day, tzinfo=HANOI)


def test_the_record_gives_sessions_a_year_and_sign_in_records_90_days() -> None:
    assert kept_days("signed_in_sessions") == 365
    assert kept_days("sign_in_records") == 90


def test_sessions_unused_for_a_year_go_and_the_others_stay(
    make_user: Callable[..., Any],
) -> None:
    user = make_user("BNV", "reporter")
    edge = last_kept_moment("signed_in_sessions")
    for key, seen in (("old", edge - timedelta(seconds=1)), ("edge", edge), ("new", TODAY_NOON)):
        SignedInSession.objects.create(user=user, session_key=key, last_seen_at=seen)
    assert signed_in_sessions_expire(TODAY) == 1
    assert set(SignedInSession.objects.values_list("session_key", flat=True)) == {"edge", "new"}
    assert signed_in_sessions_expire(TODAY) == 0


def test_sign_in_records_older_than_90_days_go_and_the_others_stay() -> None:
    edge = last_kept_moment("sign_in_records")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        for name, at in (("old", edge - timedelta(seconds=1)), ("edge", edge)):
            extra = {"failures_since_start": 1} if model is AccessAttempt else {}
            row = model.objects.create(username=name, ip_address="10.0.0.1", **extra)
            model.objects.filter(pk=row.pk).update(attempt_time=at)  # auto_now_add otherwise
    assert sign_in_records_expire(TODAY) == 3
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["edge"]
    assert sign_in_records_expire(TODAY) == 0
