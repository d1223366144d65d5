"""`make bench`: a million tasks, three million reports, timed against raw SQL.

    python -m bench.run --engine postgresql|sqlite [--tasks N] [--reports-per-task K] [--reuse]
    python -m bench.run --engine postgresql|sqlite --only-import [--tasks N]

Writes var/bench/<engine>.json; `python -m bench.report` turns the results into
docs/benchmarks.md. PostgreSQL comes from tools/pgtemp.py (DATABASE_URL); SQLite is a fresh
file under var/bench/. `--reuse` keeps a data set already loaded (a PostgreSQL server of your
own in DATABASE_URL, or the SQLite file of the last run) and re-measures the reads and pages only.
`--only-import` times the import alone into an empty database and writes
var/bench/<engine>-import.json, leaving the full run's figures as they are.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .data import DATA_VERSION, END

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"


def setup_django(engine: str, *, reuse: bool = False) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DEBUG"] = "0"
    # DEBUG is off, so the key must not be weak (config/settings/base.py refuses one).
    os.environ.setdefault("SECRET_KEY", f"bench-only-{secrets.token_urlsafe(48)}")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["NQ57_VAR_DIR"] = str(OUT / "sqlite")
        for suffix in () if reuse else ("", "-wal", "-shm"):
            (OUT / "sqlite" / f"nq57.sqlite3{suffix}").unlink(missing_ok=True)
        (OUT / "sqlite").mkdir(parents=True, exist_ok=True)
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench: run PostgreSQL through tools/pgtemp.py (make bench)")
    import django

    django.setup()


def timed(fn: Callable[[], Any], runs: int, warmup: int = 2) -> dict[str, float]:
    """Median and p95 (nearest rank) in milliseconds of `runs` calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, math.ceil(len(samples) * 0.95) - 1)], 2),
        "runs": runs,
    }


def write_exchange_file(path: Path, count: int) -> None:
    from nq57.orgs.models import Organization
    from nq57.tasks.exchange import HEADER

    from .data import exchange_rows

    # The steering committees assign every row and may not lead their own tasks.
    leads = Organization.objects.exclude(kind="steering_committee")
    codes = list(leads.values_list("code", flat=True))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(exchange_rows(count, codes))


def import_file(path: Path, engine: str) -> dict[str, Any]:
    """Runs manage.py import_tasks in a child process: wall time and the child's peak RSS."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="0")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "import_tasks", str(path)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
    return {
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "peak_rss_mb": round(child.ru_maxrss / 1024),
        # On a shared machine the wall time waits for other work; the CPU time does not.
        "cpu_s": round(child.ru_utime + child.ru_stime - cpu_before, 1),
    }


# About 3 % of deadline tasks were extended: an extension takes force the day it is approved,
# ten days before the old deadline, or at the data's "now" for deadlines further ahead; it is
# left out where that day would come before the task was assigned.
EXTENDED = "kind = 'deadline' AND id % 33 = 0 AND {since} > assigned_on"
EXTEND_SQL = (
    """
INSERT INTO tasks_taskdeadline (task_id, deadline, effective_on, source, recorded_at)
SELECT id, {new}, {since}, 'extension', CURRENT_TIMESTAMP
FROM tasks_task WHERE """
    + EXTENDED
)
EXTENDED_TASKS_SQL = (
    """UPDATE tasks_task SET deadline_since = {since}, deadline = {new}
WHERE """
    + EXTENDED
)
# What the services keep on each task: the date of its latest progress report.
LATEST_REPORT_SQL = """UPDATE tasks_task SET progress_reported_on = latest.day
FROM (SELECT task_id, MAX(reported_on) AS day FROM tasks_progressreport GROUP BY task_id) latest
WHERE tasks_task.id = latest.task_id"""


def add_extensions_and_reports(per_task: int) -> dict[str, Any]:
    """About 3 % of tasks get an approved extension; every task gets `per_task` reports."""
    from django.db import connection, transaction
    from django.utils import timezone

    from nq57.core.bulk import insert_rows
    from nq57.tasks.models import ProgressReport

    from .data import report_rows

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # Sixty more days, from ten days before the old deadline or the data's "now".
        postgres = connection.vendor == "postgresql"
        terms = {
            "new": "deadline + 60" if postgres else "date(deadline, '+60 days')",
            "since": f"LEAST(deadline - 10, DATE '{END}')"
            if postgres
            else f"min(date(deadline, '-10 days'), '{END}')",
        }
        cursor.execute(EXTEND_SQL.format(**terms))
        cursor.execute(EXTENDED_TASKS_SQL.format(**terms))
        cursor.execute("SELECT id, assigned_on FROM tasks_task ORDER BY id")
        tasks = [
            (pk, day if isinstance(day, date) else date.fromisoformat(day))
            for pk, day in cursor.fetchall()
        ]
    batch: list[tuple[Any, ...]] = []
    columns = (
        "task",
        "reported_on",
        "percent",
        "narrative",
        "difficulties",
        "proposals",
        "created_at",
    )
    written = 0
    now = timezone.now()
    for row in report_rows(tasks, per_task):
        batch.append((*row, now))
        if len(batch) >= 50_000:
            with transaction.atomic():
                written += insert_rows(ProgressReport, columns, batch)
            batch = []
    with transaction.atomic():
        written += insert_rows(ProgressReport, columns, batch)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LATEST_REPORT_SQL)
    # The extensions above bypass the services, so their rollups are recomputed once here.
    from nq57.tasks.rollups import rebuild

    rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"reports": written, "seconds": round(time.perf_counter() - start, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], required=True)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--reports-per-task", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--only-indicators",
        action="store_true",
        help="with --reuse: measure the indicators only, keeping the other figures",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the data set already loaded and the import figures of the last run",
    )
    parser.add_argument(
        "--only-import",
        action="store_true",
        help="time the import alone into an empty database (var/bench/<engine>-import.json)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    setup_django(args.engine, reuse=args.reuse)
    if args.only_import:
        measure_import_alone(args.engine, args.tasks)
        return
    from django.core.management import call_command
    from django.db import connection

    from nq57.tasks.models import Task

    call_command("migrate", verbosity=0)
    call_command("load_orgs", verbosity=0)
    results: dict[str, Any] = {
        "engine": args.engine,
        "server": connection.vendor,
        "tasks": args.tasks,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    previous = OUT / f"{args.engine}.json"
    kept_results: dict[str, Any] = {}
    exchange = OUT / f"tasks-{args.tasks}-v{DATA_VERSION}.csv"
    if args.reuse:
        if Task.objects.count() != args.tasks or not previous.exists():
            sys.exit(f"bench: --reuse needs {args.tasks} tasks loaded and {previous}")
        kept = json.loads(previous.read_text())
        kept_results.update(kept)
        results.update({key: kept[key] for key in ("import", "fill", "import_floor")})
        results["data_from"] = kept.get("data_from", kept["when"])
        with connection.cursor() as cursor:
            # A rolled-back import floor clears pages' all-visible bits: index-only scans
            # would read the heap until autovacuum passes.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    else:
        if not exchange.exists():
            write_exchange_file(exchange, args.tasks)
        print(f"[{args.engine}] importing {args.tasks} rows…", flush=True)
        results["import"] = import_file(exchange, args.engine)
        print(f"[{args.engine}] import: {results['import']}", flush=True)
        results["fill"] = add_extensions_and_reports(args.reports_per_task)
        print(f"[{args.engine}] reports: {results['fill']}", flush=True)
    from .pages import measure_pages
    from .queries import measure_queries

    if args.only_indicators:
        kept_keys = ("queries", "pages", "pages_load", "when")
        results.update({key: kept_results[key] for key in kept_keys})
    else:
        results["queries"] = measure_queries(args.runs)
    if not args.only_indicators:
        print(f"[{args.engine}] pages…", flush=True)
        load_before = os.getloadavg()[0]
        results["pages"] = measure_pages()
        # Other work on the machine shows in the times: the 1-minute load average around them.
        results["pages_load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    if not args.reuse:
        results["import_floor"] = import_floor(exchange)
    if args.engine == "postgresql":
        # Issue 4's scale is stated for PostgreSQL: five million values.
        from . import indicators

        print(f"[{args.engine}] indicators: loading…", flush=True)
        loaded = indicators.load()
        if loaded.get("reused") and "indicators" in kept_results:
            loaded = {**kept_results["indicators"]["load"], "values": loaded["values"]}
        print(f"[{args.engine}] indicators: {loaded}", flush=True)
        results["indicators"] = {"load": loaded, **indicators.measure()}
    previous.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def measure_import_alone(engine: str, tasks: int) -> None:
    """The import of `tasks` generated rows into a database holding only the organisations:
    its wall time, rows per second and the importing process's peak memory."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_orgs", verbosity=0)
    exchange = OUT / f"tasks-{tasks}-v{DATA_VERSION}.csv"
    if not exchange.exists():
        write_exchange_file(exchange, tasks)
    print(f"[{engine}] importing {tasks} rows…", flush=True)
    result = {
        "engine": engine,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "import": import_file(exchange, engine),
    }
    (OUT / f"{engine}-import.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


def import_floor(path: Path, rows: int = 100_000) -> dict[str, Any]:
    """The same rows INSERTed straight into the task table, no validation: the floor."""
    from django.db import transaction
    from django.utils import timezone

    from nq57.core.bulk import insert_rows
    from nq57.orgs.models import Organization
    from nq57.tasks.exchange import NEW_TASK_COLUMNS
    from nq57.tasks.models import Program, Task

    ids = dict(Organization.objects.values_list("code", "pk"))
    program = Program.objects.create(code="FLOOR")
    now = timezone.now()
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        values = []
        for number, row in enumerate(reader):
            if number >= rows:
                break
            deadline = date.fromisoformat(row["deadline"]) if row["deadline"] else None
            assigned = date.fromisoformat(row["assigned_on"])
            values.append(
                (
                    program.pk,
                    row["code"],
                    row["title"],
                    "",
                    row["responsible_person"],
                    row["kind"] or "deadline",
                    deadline,
                    assigned if deadline else None,
                    deadline,
                    ids[row["lead_org"]],
                    row["expected_product"],
                    ids[row["assigned_by"]],
                    assigned,
                    date.fromisoformat(row["completed_on"]) if row["completed_on"] else None,
                    False,
                    None,
                    1,
                    int(row["progress"]),
                    None,
                    "",
                    "",
                    1,
                    now,
                    now,
                )
            )
    start = time.perf_counter()
    with transaction.atomic():
        insert_rows(Task, NEW_TASK_COLUMNS, values)
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return {"rows": len(values), "rows_per_s": round(len(values) / seconds)}


if __name__ == "__main__":
    main()
