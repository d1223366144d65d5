"""Benchmark data: a million exchange rows spread over every organisation, and reports."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from nq57.tasks.sample import ACTIONS, OBJECTS, PEOPLE, PRODUCTS, PROGRAMS

START = date(2024, 1, 1)
# The data's "now": nothing in it happens later (completions, reports, extensions), as in a
# live system, where each of them is dated the day it is recorded.
END = date(2026, 10, 31)
# Bumped when the rows change, so that a cached exchange file of older rows is not reused.
DATA_VERSION = 3  # 3: steering committees lead no task


def exchange_rows(count: int, org_codes: list[str], seed: int = 1) -> Iterator[dict[str, Any]]:
    """`count` valid rows: leads drawn from every organisation (communes included)."""
    rng = random.Random(seed)
    programs = list(PROGRAMS)
    central = [c for c in org_codes if not c.isdigit()]
    span = (END - START).days
    for number in range(1, count + 1):
        assigned = START + timedelta(days=rng.randrange(span))
        regular = rng.random() < 0.12
        deadline = None if regular else assigned + timedelta(days=rng.randrange(30, 500))
        completed = None
        if deadline is not None and rng.random() < 0.45:
            completed = assigned + timedelta(days=rng.randrange(0, (deadline - assigned).days + 90))
            if completed > END:
                completed = None  # still open at the data's "now"
        program = programs[number % len(programs)]
        yield {
            "code": f"B-{number:07d}",
            "title": f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}",
            "program": program,
            "lead_org": rng.choice(org_codes),
            "coordinating_orgs": ";".join(rng.sample(central, rng.randint(0, 2))),
            "assigned_by": "BCDTW" if number % 2 else "BCDCP",
            "assigned_on": assigned.isoformat(),
            "deadline": deadline.isoformat() if deadline else "",
            "kind": "regular" if regular else "",
            "expected_product": rng.choice(PRODUCTS),
            "responsible_person": rng.choice(PEOPLE),
            "completed_on": completed.isoformat() if completed else "",
            "progress": str(100 if completed else rng.randint(0, 95)),
        }


def report_rows(
    task_ids: list[tuple[int, date]], per_task: int, seed: int = 2
) -> Iterator[tuple[Any, ...]]:
    """(task, reported_on, percent, narrative, difficulties, proposals) rows."""
    rng = random.Random(seed)
    for task_id, assigned in task_ids:
        percent = 0
        for n in range(per_task):
            percent = min(100, percent + rng.randint(5, 35))
            day = assigned + timedelta(days=30 * (n + 1))
            if day > END:
                break
            yield (task_id, day, percent, "Đã triển khai theo kế hoạch.", "", "")
