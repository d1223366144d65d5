"""The arithmetic of `make bench`'s load and crash benchmark (bench/loadstats.py): the timed
runs themselves belong to `make bench`, not to the suite."""

from __future__ import annotations

import pytest

from bench.loadstats import (
    Outcome,
    failures_after,
    held,
    lost_writes,
    percentile,
    summarize,
)


def test_percentile_is_the_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]  # 1..100, shuffled order must not matter
    shuffled = samples[::-1]
    assert percentile(shuffled, 50) == 50.0
    assert percentile(shuffled, 95) == 95.0
    assert percentile(shuffled, 99) == 99.0
    assert percentile(shuffled, 100) == 100.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 95) == 0.0
    # Nearest rank never interpolates: p95 of 1..10 is the 10th value, not 9.55.
    assert percentile([float(n) for n in range(1, 11)], 95) == 10.0


def test_percentile_refuses_a_rank_outside_0_to_100() -> None:
    with pytest.raises(ValueError, match="outside"):
        percentile([1.0], 0)
    with pytest.raises(ValueError, match="outside"):
        percentile([1.0], 101)


def test_summary_counts_every_non_2xx_as_an_error_and_the_rate_of_answers() -> None:
    outcomes = [Outcome("summary", n / 10, 20.0, 200) for n in range(18)]
    outcomes += [Outcome("list", 1.8, 900.0, 503), Outcome("list", 1.9, 15000.0, 0)]
    result = summarize(outcomes, rate=10, seconds=2)
    assert result["requests"] == 20
    assert result["errors"] == 2
    assert result["achieved_rps"] == 9.0  # 18 answered in 2 s
    assert result["p50_ms"] == 20.0
    assert result["p95_ms"] == 900.0  # the failures' times count: a slow error is slow too
    assert result["p99_ms"] == 15000.0
    assert result["statuses"] == {"200": 18, "503": 1, "no answer": 1}


def test_a_step_holds_only_without_errors_within_the_p95_and_at_the_rate() -> None:
    good = {"errors": 0, "p95_ms": 250.0, "achieved_rps": 19.5, "rate": 20.0}
    assert held(good, 300)
    assert not held({**good, "errors": 1}, 300)
    assert not held({**good, "p95_ms": 301.0}, 300)
    assert not held({**good, "achieved_rps": 15.0}, 300)


def test_failures_after_a_kill_are_those_due_in_its_window() -> None:
    outcomes = [
        Outcome("summary", 9.0, 10.0, 0),  # before the kill: not its doing
        Outcome("summary", 10.5, 2000.0, 502),  # answered at 12.5 s
        Outcome("detail", 11.0, 10.0, 200),
        Outcome("list", 11.2, 300.0, 0),  # answered at 11.5 s
        Outcome("list", 20.0, 10.0, 502),  # the next kill's
    ]
    assert failures_after(outcomes, 10.0, 20.0) == {"failed": 2, "last_failure_s": 2.5}
    assert failures_after(outcomes, 30.0, 40.0) == {"failed": 0, "last_failure_s": 0.0}


def test_lost_writes_are_the_acknowledged_markers_the_database_lacks() -> None:
    acknowledged = ["w-1", "w-2", "w-3", "w-3"]  # a retried write acknowledged twice
    stored = {"w-1", "w-3", "w-9"}  # w-9 stored but never acknowledged: not a loss
    assert lost_writes(acknowledged, stored) == ["w-2"]
    assert lost_writes(acknowledged, {"w-1", "w-2", "w-3"}) == []
    assert lost_writes([], stored) == []
