"""The timed reads: each through the application, and the same answer in raw SQL (the floor)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test import Client
from django.utils import timezone

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.tasks.selectors.summaries import SummaryQuery, task_summary

from .pages import bench_user
from .run import timed

PAST = date(2025, 6, 30)

# The status rule of DESIGN.md §6, written by hand: the deadline in force at D and at
# completion, then one pass that counts each status.
DEADLINE_AT = """CASE WHEN t.deadline_since IS NULL OR t.deadline_since <= {day} THEN t.deadline
  ELSE (SELECT d.deadline FROM tasks_taskdeadline d WHERE d.task_id = t.id
        AND d.effective_on <= {day} ORDER BY d.effective_on DESC, d.id DESC LIMIT 1) END"""

# A completion is judged on the day it was requested (brought in from history: completed).
JUDGED_ON = "COALESCE(t.completion_requested_on, t.completed_on)"
STATUS_ROWS = f"""SELECT t.lead_org_id, t.kind, t.completed_on, {JUDGED_ON} AS judged_on,
  {DEADLINE_AT.format(day="%(d)s")} AS dl_now,
  CASE WHEN t.completed_on IS NULL THEN NULL ELSE {DEADLINE_AT.format(day=JUDGED_ON)}
  END AS dl_done
FROM tasks_task t WHERE t.assigned_on <= %(d)s"""

COUNTS = """count(*),
  count(*) FILTER (WHERE kind = 'regular'),
  count(*) FILTER (WHERE kind = 'deadline' AND completed_on <= %(d)s AND judged_on <= dl_done),
  count(*) FILTER (WHERE kind = 'deadline' AND completed_on <= %(d)s AND judged_on > dl_done),
  count(*) FILTER (WHERE kind = 'deadline' AND (completed_on IS NULL OR completed_on > %(d)s)
                   AND dl_now >= %(d)s),
  count(*) FILTER (WHERE kind = 'deadline' AND (completed_on IS NULL OR completed_on > %(d)s)
                   AND dl_now < %(d)s)"""

SUMMARY_SQL = f"SELECT {COUNTS} FROM ({STATUS_ROWS}) s"
# The same answer read from the rollups, written by hand: the months before D's month, then
# its days, each summed by the database, the two parts added up as the application does.
ROLLUP_SQL = """SELECT {keys}, sum(delta) FROM tasks_monthlystatusdelta
WHERE {where} AND on_date < %(m)s GROUP BY {keys}
UNION ALL
SELECT {keys}, sum(delta) FROM tasks_statusdelta
WHERE {where} AND on_date >= %(m)s AND on_date <= %(d)s GROUP BY {keys}"""
ROLLUP_SUMMARY_SQL = ROLLUP_SQL.format(keys="status", where="scope = 'all'")
ROLLUP_BREAKDOWN_SQL = ROLLUP_SQL.format(keys="org_id, status", where="scope = 'root'")
ROLLUP_ROOT_SQL = ROLLUP_SQL.format(keys="status", where="scope = 'root' AND org_id = %(org)s")


def rollup_sums(sql: str, day: date, **params: Any) -> dict[tuple[Any, ...], int]:
    """Run a rollup floor and add up its parts, as the application does."""
    sums: dict[tuple[Any, ...], int] = {}
    for *key, delta in raw(sql, {"d": day, "m": day.replace(day=1), **params}):
        sums[tuple(key)] = sums.get(tuple(key), 0) + int(delta)
    return sums


BREAKDOWN_SQL = f"SELECT lead_org_id, {COUNTS} FROM ({STATUS_ROWS}) s GROUP BY lead_org_id"

LIST_WHERE = f"""FROM tasks_task t
WHERE t.lead_org_id IN (SELECT o.id FROM orgs_organization o WHERE o.path LIKE %(path)s)
  AND t.assigned_on <= %(d)s AND t.kind = 'deadline'
  AND (t.completed_on IS NULL OR t.completed_on > %(d)s)
  AND {DEADLINE_AT.format(day="%(d)s")} < %(d)s"""
LIST_COUNT_SQL = f"SELECT count(*) {LIST_WHERE}"
LIST_IDS_SQL = f"SELECT t.id {LIST_WHERE} ORDER BY t.deadline ASC NULLS LAST, t.id LIMIT 50"
LIST_ROWS_SQL = """SELECT t.*, p.code, lo.code, ab.code FROM tasks_task t
JOIN tasks_program p ON p.id = t.program_id
JOIN orgs_organization lo ON lo.id = t.lead_org_id
JOIN orgs_organization ab ON ab.id = t.assigned_by_id
WHERE t.id IN ({ids})"""


def list_floor(day: date, path: str, root_id: int | None) -> None:
    """The list page in raw SQL, the same three steps: the count (from the rollups, as the
    page takes it for a status over everything or a top-level subtree), a page of ids, its
    rows."""
    if root_id is None:
        rollup_sums(ROLLUP_SUMMARY_SQL, day)
    else:
        rollup_sums(ROLLUP_ROOT_SQL, day, org=root_id)
    ids = [row[0] for row in raw(LIST_IDS_SQL, {"d": day, "path": path})]
    if ids:
        raw(LIST_ROWS_SQL.format(ids=", ".join(str(int(i)) for i in ids)), {})


def raw(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def pair(name: str, app: Any, floor: Any, runs: int, scan: Any = None) -> dict[str, Any]:
    """The application's time beside its floor; `scan` is counting the task table itself."""
    app_time, floor_time = timed(app, runs), timed(floor, runs)
    ratio = round(app_time["median_ms"] / floor_time["median_ms"], 2)
    result: dict[str, Any] = {"app": app_time, "floor": floor_time, "ratio": ratio}
    note = ""
    if scan is not None:
        result["scan"] = timed(scan, max(5, runs // 4))
        note = f", counting the task table {result['scan']['median_ms']} ms"
    print(
        f"  {name}: {app_time['median_ms']} ms (floor {floor_time['median_ms']} ms, "
        f"×{ratio}{note})",
        flush=True,
    )
    return result


def measure_queries(runs: int) -> dict[str, Any]:
    today = timezone.localdate()
    results: dict[str, Any] = {}
    for label, day in (("summary_today", today), ("summary_past", PAST)):
        query = SummaryQuery(as_of=day)
        counted, _rows = task_summary(SYSTEM, query)
        floor = raw(SUMMARY_SQL, {"d": day})[0]
        # The benchmark checks the answer too: application and floor must agree.
        assert (
            counted.total,
            counted.regular,
            counted.completed_on_time,
            counted.completed_late,
            counted.in_progress,
            counted.overdue,
        ) == floor, floor
        results[label] = pair(
            label,
            lambda q=query: task_summary(SYSTEM, q),
            lambda d=day: rollup_sums(ROLLUP_SUMMARY_SQL, d),
            runs,
            scan=lambda d=day: raw(SUMMARY_SQL, {"d": d}),
        )
        results[label]["counts"] = counted.as_dict(day)
    by_org = SummaryQuery(as_of=today, by="org")
    _total, rows = task_summary(SYSTEM, by_org)
    results["breakdown"] = pair(
        "breakdown",
        lambda: task_summary(SYSTEM, by_org),
        lambda: rollup_sums(ROLLUP_BREAKDOWN_SQL, today),
        runs,
        scan=lambda: raw(BREAKDOWN_SQL, {"d": today}),
    )
    results["breakdown"]["rows"] = len(rows)

    client = Client()
    client.force_login(bench_user("secretariat"))
    hanoi = Organization.objects.get(code="01").pk
    params = {"org": "01", "status": "overdue", "page_size": "50"}
    response = client.get("/api/v1/tasks/", params)
    assert response.status_code == 200, response.content[:500]
    expected = raw(LIST_COUNT_SQL, {"d": today, "path": "/01/%"})[0][0]
    assert response.json()["count"] == expected
    results["list_province"] = pair(
        "list_province",
        lambda: client.get("/api/v1/tasks/", params),
        lambda: list_floor(today, "/01/%", hanoi),
        runs,
    )
    results["list_province"]["count"] = expected
    national = {"status": "overdue", "page_size": "50"}
    # The count the list takes from the rollups must be the tasks' own.
    response = client.get("/api/v1/tasks/", national)
    assert response.json()["count"] == raw(LIST_COUNT_SQL, {"d": today, "path": "/%"})[0][0]
    results["list_national"] = pair(
        "list_national",
        lambda: client.get("/api/v1/tasks/", national),
        lambda: list_floor(today, "/%", None),
        runs,
    )
    return results
