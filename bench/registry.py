"""The registry at national scale (issue 16): 10,000 databases with their dated history,
1,000,000 quality check results and 20,000 data sharing requests, on PostgreSQL.

    python tools/pgtemp.py -- python -m bench.registry [--databases N] [--checks N]

Rows are written with COPY (`core.bulk.insert_rows`) as a migration of historical data would
load them; the timed reads then go through the application — the registry summary of a list
and of every database, the quality scores and ranking, the readiness ranking, and the public
readiness page — each beside its floor, the same statements replayed raw. Writes
var/bench/registry.json; `python -m bench.report` adds it to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta
from typing import Any

from .run import OUT, setup_django, timed

TARGET_MS = 200.0  # p95 on PostgreSQL (issue 16)
RUNS = 30
AS_OF = date(2025, 12, 5)
BENCH_LIST = "BENCH-105"
STATUSES = ("not_started", "deploying", "formed")
DATABASE_COLUMNS = (
    *("code", "name", "kind", "owner", "legal_basis", "target_on", "connected_on"),
    *("created_at", "updated_at"),
)


def load_databases(count: int, rng: random.Random) -> dict[str, Any]:
    """`count` databases owned across ministries and provinces (and the bodies under them),
    every one on the list BENCH-ALL, one in ten also on BENCH-105; each with one to three
    dated status entries moving forward through 2024–2026, a third of them with a high risk."""
    from django.db import transaction
    from django.utils import timezone

    from nq57.core.bulk import insert_rows
    from nq57.orgs.models import Organization
    from nq57.registry.models import Database, DatabaseList, StatusEntry

    owners = list(
        Organization.objects.exclude(kind__in=["steering_committee", "commune"]).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    start = time.perf_counter()
    with transaction.atomic():
        everything = DatabaseList.objects.create(code="BENCH-ALL", name="Bench: all")
        some = DatabaseList.objects.create(code=BENCH_LIST, name="Bench: one in ten")
        insert_rows(
            Database,
            DATABASE_COLUMNS,
            (
                (
                    f"B{n:06d}",
                    f"Cơ sở dữ liệu thử tải {n}",
                    "national" if n % 10 == 0 else "specialised",
                    rng.choice(owners),
                    "",
                    date(2025, 12, 31),
                    date(2025, 1, 1) + timedelta(days=rng.randrange(700)) if n % 3 else None,
                    now,
                    now,
                )
                for n in range(count)
            ),
        )
        ids = list(Database.objects.order_by("code").values_list("pk", flat=True))
        through = Database.lists.through
        insert_rows(
            through,
            ("database", "databaselist"),
            [(pk, everything.pk) for pk in ids] + [(pk, some.pk) for pk in ids[::10]],
        )
        entries = []
        for pk in ids:
            day = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
            for step in range(rng.randint(1, 3)):
                risk = "high" if step and rng.random() < 0.33 else "normal"
                entries.append((pk, day, STATUSES[step], risk, "bench", now))
                day += timedelta(days=rng.randint(30, 300))
        insert_rows(
            StatusEntry,
            ("database", "since", "status", "risk", "risk_reason", "recorded_at"),
            entries,
        )
    return {"databases_s": round(time.perf_counter() - start, 1)}


CRITERIA = ("correct", "sufficient", "clean", "live", "unified", "shared")


def load_checks(count: int, rng: random.Random) -> dict[str, Any]:
    """About `count` check results: every database assessed on every criterion, quarter after
    quarter back from 2025Q4 until the count is reached; nine in ten verified a few weeks
    after the quarter, the rest waiting; one in fifty later adjusted by the assessor."""
    from datetime import datetime
    from datetime import time as clock

    from django.db import transaction
    from django.utils import timezone

    from nq57.core.bulk import insert_rows
    from nq57.core.periods import Period, PeriodType
    from nq57.registry.models import CheckResult, Database

    ids = list(Database.objects.order_by("pk").values_list("pk", flat=True))
    quarters: list[Period] = []
    year, quarter = 2025, 4
    while len(quarters) * len(ids) * len(CRITERIA) < count:
        quarters.append(Period(year, quarter, PeriodType.QUARTER))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    columns = (
        *("database", "period", "period_end", "criterion", "records_checked"),
        *("records_passing", "source", "recorded_at", "verified_at", "reason"),
    )
    zone = timezone.get_current_timezone()
    start = time.perf_counter()
    written = 0
    for period in quarters:
        recorded = datetime.combine(period.end + timedelta(days=10), clock(9), tzinfo=zone)
        verified = recorded + timedelta(days=20)
        rows = []
        for pk in ids:
            for criterion in CRITERIA:
                checked = rng.randint(1_000, 5_000_000)
                passing = checked - rng.randint(0, checked // 4)
                rows.append(
                    (
                        *(pk, period.code, period.end, criterion, checked, passing, "owner"),
                        *(recorded, verified if rng.random() < 0.9 else None, ""),
                    )
                )
        with transaction.atomic():
            written += insert_rows(CheckResult, columns, rows)
    return {"checks_s": round(time.perf_counter() - start, 1), "quarters": len(quarters)}


def load_requests(count: int, rng: random.Random) -> dict[str, Any]:
    """`count` data sharing requests over 2024–2025 between the databases' owners and other
    ministries and provinces: a tenth still pending, the rest answered (late for one in five),
    one in eight refused, a third of the refusals overruled, then granted."""
    from django.db import transaction
    from django.utils import timezone

    from nq57.core.bulk import insert_rows
    from nq57.orgs.models import Organization
    from nq57.registry.models import Database, SharingRequest

    owners = dict(Database.objects.values_list("pk", "owner_id"))
    databases = list(owners)
    asking = list(
        Organization.objects.filter(depth=0)
        .exclude(kind="steering_committee")
        .values_list("pk", flat=True)
    )
    authority = Organization.objects.get(code="BCA").pk
    now = timezone.now()
    rows = []
    for _ in range(count):
        database = rng.choice(databases)
        provider = owners[database]
        requester = rng.choice([pk for pk in rng.sample(asking, 3) if pk != provider])
        submitted = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        due = submitted + timedelta(days=14)
        answered: date | None = None
        granted: date | None = None
        refused = overruled = False
        state = "pending"
        if rng.random() > 0.1:
            answered = submitted + timedelta(days=rng.randint(1, 12 if rng.random() < 0.8 else 40))
            refused = rng.random() < 0.125
            overruled = refused and rng.random() < 1 / 3
            state = "refused" if refused else "granted"
            granted = None if refused else answered
            if overruled:
                state, granted = "granted", answered + timedelta(days=20)
        decided = answered + timedelta(days=10) if overruled and answered else None
        rows.append(
            (
                *(database, requester, provider, authority, "Các trường", "Mục đích"),
                *("Luật Dữ liệu 2024", submitted, due, state, answered, granted, ""),
                *("personal_data" if refused else "", ""),
                *("Dữ liệu cá nhân chưa có sự đồng ý của chủ thể." if refused else "",),
                *("overruled" if overruled else "", "Phải chia sẻ." if overruled else ""),
                *(decided, decided + timedelta(days=14) if decided else None, now, now),
            )
        )
    columns = (
        *("database", "requester", "provider", "authority", "fields_requested", "purpose"),
        *("legal_basis", "submitted_on", "due_on", "state", "answered_on", "granted_on"),
        *("connection_details", "refusal_basis", "refusal_citation", "refusal_justification"),
        *("decision", "decision_reason", "decided_on", "grant_due_on", "created_at"),
        "updated_at",
    )
    start = time.perf_counter()
    with transaction.atomic():
        insert_rows(SharingRequest, columns, rows)
    return {"requests_s": round(time.perf_counter() - start, 1)}


def table_sizes() -> dict[str, int]:
    """The rows each registry table holds, as measured."""
    from nq57.registry.models import CheckResult, Database, SharingRequest, StatusEntry

    return {
        "databases": Database.objects.count(),
        "status_entries": StatusEntry.objects.count(),
        "check_results": CheckResult.objects.count(),
        "sharing_requests": SharingRequest.objects.count(),
    }


def measure_reads(runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from nq57.core.paging import PageRequest
    from nq57.registry.quality.selectors.ranking import official_score_values, quality_ranking
    from nq57.registry.readiness.selectors import readiness_ranking
    from nq57.registry.selectors import registry_summary

    from .pages import CONTROL, run_raw

    operations = {
        "summary_list": (
            f"Registry summary of a list of 1,000 (`{BENCH_LIST}`), as of 05/12/2025",
            lambda: registry_summary(list_code=BENCH_LIST, as_of=AS_OF),
        ),
        "summary_all": (
            "Registry summary of every database, as of 05/12/2025",
            lambda: registry_summary(as_of=AS_OF),
        ),
        "quality_scores": (
            "Official quality score of every database (what the rankings read), as of 05/12/2025",
            lambda: official_score_values(AS_OF),
        ),
        "quality_ranking": (
            "Quality ranking: every database and owner ranked, one page of 50 databases in full"
            ", as of 05/12/2025",
            lambda: quality_ranking(AS_OF, page=PageRequest(1, 50)),
        ),
        "readiness": (
            "Readiness ranking of every ministry and province, as of 05/12/2025",
            lambda: readiness_ranking(AS_OF),
        ),
    }
    client = Client()
    url = "/registry/readiness/?as_of=2025-12-05"
    operations["readiness_page"] = (
        f"Public readiness page (`{url}`), anonymous",
        lambda: client.get(url),
    )
    results: dict[str, Any] = {}
    for key, (label, operation) in operations.items():
        operation()
        with CaptureQueriesContext(connection) as captured:
            operation()
        statements = [
            q["sql"]
            for q in captured.captured_queries
            if not q["sql"].lstrip().upper().startswith(CONTROL)
        ]
        app = timed(operation, runs)

        def replayed(statements: list[str] = statements) -> None:
            run_raw(statements)

        floor = timed(replayed, runs)
        results[key] = {
            "label": label,
            "app": app,
            "floor": floor,
            "queries": len(statements),
            "target_ms": TARGET_MS,
        }
        print(f"  {key}: {app} (floor {floor})", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", type=int, default=10_000)
    parser.add_argument("--checks", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    setup_django("postgresql", reuse=True)
    from django.core.management import call_command
    from django.db import connection

    from nq57.registry.models import Database, SharingRequest

    call_command("migrate", verbosity=0)
    call_command("load_orgs", verbosity=0)
    rng = random.Random(16)
    loaded: dict[str, Any] = {}
    if not Database.objects.filter(code__startswith="B0").exists():
        print(f"registry: loading {args.databases} databases…", flush=True)
        loaded = load_databases(args.databases, rng)
        print(f"registry: loading {args.checks} check results…", flush=True)
        call_command("load_quality_methods", verbosity=0)
        loaded.update(load_checks(args.checks, rng))
    if not SharingRequest.objects.exists():
        print(f"registry: loading {args.requests} sharing requests…", flush=True)
        loaded.update(load_requests(args.requests, rng))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"registry: {loaded}", flush=True)
    loaded["sizes"] = table_sizes()
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "runs": args.runs,
        "load": loaded,
        "reads": measure_reads(args.runs),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "registry.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
