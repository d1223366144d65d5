"""The readiness checks' verdicts (core.health): the replica's lag from what it reports —
an idle primary ages the replay timestamp without any lag — and the heartbeat's age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nq57.core.health import _ask, database_check, heartbeat_verdict, replica_check, replica_lag

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def test_a_replica_that_replayed_all_it_received_has_no_lag_however_old_the_last_commit() -> None:
    assert replica_lag(in_recovery=True, caught_up=True, replay_age=3600.0) == 0.0


def test_a_replica_behind_its_stream_lags_by_the_age_of_its_last_replayed_commit() -> None:
    assert replica_lag(in_recovery=True, caught_up=False, replay_age=42.5) == 42.5


def test_a_replica_that_replayed_nothing_yet_has_an_unknown_lag() -> None:
    assert replica_lag(in_recovery=True, caught_up=False, replay_age=None) is None


def test_a_server_not_in_recovery_replays_nothing_and_is_not_behind() -> None:
    assert replica_lag(in_recovery=False, caught_up=False, replay_age=None) == 0.0


def test_a_heartbeat_is_fresh_up_to_the_limit_and_stale_past_it() -> None:
    assert heartbeat_verdict(NOW - timedelta(seconds=180), NOW, 180).ok
    assert not heartbeat_verdict(NOW - timedelta(seconds=181), NOW, 180).ok
    assert not heartbeat_verdict(None, NOW, 180).ok


@pytest.mark.django_db
def test_the_primary_check_answers_from_the_database() -> None:
    check = database_check("default")
    assert check.ok
    assert check.detail.startswith("answered in")


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_on_postgresql_a_check_runs_under_a_short_statement_timeout() -> None:
    assert _ask("default", "SHOW statement_timeout") == ("2s",)


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_on_postgresql_a_server_that_is_no_standby_reports_no_lag() -> None:
    check = replica_check("default", 30)
    assert check.ok
    assert check.detail == "lag 0.0 s (at most 30 s)"
