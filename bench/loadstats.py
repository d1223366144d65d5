"""The arithmetic of the load and crash benchmark, apart from any server: percentiles, the
summary of a run, the failures around a kill and the acknowledged writes the database lost."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outcome:
    """One request of an open-loop run: when it was due, how long its answer took from then
    (so a queue in front of the server counts), and its HTTP status (0: no answer)."""

    kind: str
    due: float  # seconds since the run's start
    latency_ms: float
    status: int
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def answered_at(self) -> float:
        return self.due + self.latency_ms / 1000


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank percentile `q` (0 < q ≤ 100) of `samples`; 0.0 for none."""
    if not samples:
        return 0.0
    if not 0 < q <= 100:
        raise ValueError(f"percentile {q} outside (0, 100]")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(len(ordered) * q / 100) - 1)]


def summarize(outcomes: Sequence[Outcome], rate: float, seconds: float) -> dict[str, Any]:
    """Latency percentiles of every answer (errors included: a slow failure is slow too), the
    error count and the rate achieved: requests answered per second of the run."""
    latencies = [o.latency_ms for o in outcomes]
    errors = sum(1 for o in outcomes if not o.ok)
    return {
        "rate": rate,
        "seconds": round(seconds, 1),
        "requests": len(outcomes),
        "achieved_rps": round(sum(1 for o in outcomes if o.ok) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "errors": errors,
        "statuses": _status_counts(outcomes),
    }


def _status_counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        key = str(outcome.status) if outcome.status else "no answer"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def by_kind(outcomes: Sequence[Outcome], rate: float, seconds: float) -> dict[str, Any]:
    """`summarize` for each kind of request, each at its share of the rate."""
    kinds = sorted({o.kind for o in outcomes})
    total = len(outcomes) or 1
    result = {}
    for kind in kinds:
        mine = [o for o in outcomes if o.kind == kind]
        result[kind] = summarize(mine, round(rate * len(mine) / total, 1), seconds)
    return result


def held(summary: dict[str, Any], p95_limit_ms: float, min_share: float = 0.95) -> bool:
    """Whether a step of a rising rate held: no error, p95 within the limit, and at least
    `min_share` of the asked rate answered."""
    return (
        summary["errors"] == 0
        and summary["p95_ms"] <= p95_limit_ms
        and summary["achieved_rps"] >= summary["rate"] * min_share
    )


def failures_after(outcomes: Iterable[Outcome], start: float, end: float) -> dict[str, Any]:
    """Requests due in [start, end) that failed, and when the last of them was answered
    (seconds after `start`; 0.0 when none failed): the outage a kill caused as the clients
    saw it."""
    failed = [o for o in outcomes if start <= o.due < end and not o.ok]
    last = max((o.answered_at for o in failed), default=start)
    return {"failed": len(failed), "last_failure_s": round(last - start, 2)}


def lost_writes(acknowledged: Iterable[str], stored: Iterable[str]) -> list[str]:
    """The markers of writes the server acknowledged (a 2xx) that the database does not hold."""
    present = set(stored)
    return sorted({marker for marker in acknowledged if marker not in present})
