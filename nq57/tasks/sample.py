"""Realistic sample tasks for the demo, the tests and the benchmark, generated, not copied.

`reported_figures_rows` builds 1,287 tasks whose status counts are the steering committees'
reported figures as of 4 December 2025 (601 completed, 404 in progress of which 368 due by 31
December, 104 overdue, 178 regular) and 51 overdue as of 28 October 2025.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from nq57.orgs.builtin import CENTRAL_BODIES

# Programmes (code → title, issuing body, date) and the words sample tasks are made of, in
# Vietnamese: data/sample.json.
_WORDS = json.loads((Path(__file__).resolve().parent / "data" / "sample.json").read_text("utf-8"))
PROGRAMS: dict[str, tuple[str, str, date]] = {
    row["code"]: (row["title"], row["issued_by"], date.fromisoformat(row["issued_on"]))
    for row in _WORDS["programs"]
}
ACTIONS: tuple[str, ...] = tuple(_WORDS["actions"])
OBJECTS: tuple[str, ...] = tuple(_WORDS["objects"])
PRODUCTS: tuple[str, ...] = tuple(_WORDS["products"])
PEOPLE: tuple[str, ...] = tuple(_WORDS["people"])
PROVINCE_NAMES: tuple[str, ...] = tuple(_WORDS["province_names"])
MINISTRY_CODES = tuple(spec.code for spec in CENTRAL_BODIES if spec.kind != "steering_committee")
MINISTRY_NAMES = tuple(spec.name_vi for spec in CENTRAL_BODIES if spec.kind != "steering_committee")

AS_OF = date(2025, 12, 4)
EARLIER = date(2025, 10, 28)
YEAR_END = date(2025, 12, 31)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _fmt(day: date | None, rng: random.Random) -> str:
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if rng.random() < 0.3 else day.isoformat()


def _lead(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return rng.choice(MINISTRY_CODES) if rng.random() < 0.6 else rng.choice(MINISTRY_NAMES)
    return (
        rng.choice(PROVINCE_NAMES)
        if rng.random() < 0.5
        else rng.choice(("01", "79", "48", "31", "92", "22", "40", "15"))
    )


def _row(rng: random.Random, number: int, **dates: Any) -> dict[str, Any]:
    program = rng.choice(tuple(PROGRAMS))
    coordinating = rng.sample(MINISTRY_CODES, rng.randint(0, 2))
    return {
        "code": f"{program.split('/')[0]}-{number:04d}",
        "title": f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}",
        "program": program,
        "lead_org": _lead(rng),
        "coordinating_orgs": ";".join(coordinating),
        "assigned_by": "BCDTW" if program in ("57-NQ/TW", "02-KH/BCĐTW") else "BCDCP",
        "expected_product": rng.choice(PRODUCTS),
        "responsible_person": rng.choice(PEOPLE),
        **dates,
    }


def reported_figures_rows(seed: int = 57) -> list[dict[str, Any]]:
    """1,287 exchange rows with the reported figures (see the module docstring)."""
    rng = random.Random(seed)  # nosec B311  # sample and demo data, not secrets
    rows: list[dict[str, Any]] = []

    def add(
        assigned: date,
        deadline: date | None,
        completed: date | None,
        regular: bool = False,
        progress: int = 0,
    ) -> None:
        rows.append(
            _row(
                rng,
                len(rows) + 1,
                assigned_on=_fmt(assigned, rng),
                deadline=_fmt(deadline, rng),
                kind="regular" if regular else "",
                completed_on=_fmt(completed, rng),
                progress=str(progress),
            )
        )

    start = date(2025, 1, 9)
    for _ in range(178):
        add(_day(rng, start, AS_OF), None, None, regular=True, progress=rng.randint(0, 90))
    # 601 completed by 4 Dec: on time, or late but confirmed before 28 Oct (never overdue then).
    for i in range(601):
        assigned = _day(rng, start, date(2025, 7, 31) if i % 5 == 0 else date(2025, 9, 30))
        if i % 5 == 0:
            deadline = _day(rng, assigned, date(2025, 8, 31))
            completed = _day(rng, deadline + timedelta(days=1), EARLIER)
        else:
            deadline = _day(rng, assigned + timedelta(days=30), date(2026, 3, 31))
            completed = _day(rng, assigned, min(deadline, AS_OF))
        add(assigned, deadline, completed, progress=100)
    # 104 overdue on 4 Dec, 51 of them already overdue on 28 Oct.
    for i in range(104):
        if i < 51:
            assigned = _day(rng, start, date(2025, 6, 30))
            deadline = _day(rng, assigned, EARLIER - timedelta(days=1))
        else:
            assigned = _day(rng, start, date(2025, 10, 15))
            deadline = _day(rng, EARLIER, AS_OF - timedelta(days=1))
        add(assigned, deadline, None, progress=rng.randint(10, 90))
    # 404 in progress on 4 Dec: 368 due by 31 Dec, 36 later; some completed after 4 Dec.
    for i in range(404):
        assigned = _day(rng, start, AS_OF)
        deadline = (
            _day(rng, AS_OF, YEAR_END)
            if i < 368
            else _day(rng, YEAR_END + timedelta(days=1), date(2026, 12, 31))
        )
        finished = _day(rng, AS_OF + timedelta(days=1), date(2025, 12, 20)) if i % 10 == 0 else None
        add(assigned, deadline, finished, progress=100 if finished else rng.randint(0, 95))
    # Later assignments would change the totals as of 4 Dec, so none are added here.
    rng.shuffle(rows)
    return rows
