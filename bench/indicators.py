"""Indicators at national scale (issue 4): 3,374 organisations × 60 data elements × 24 months,
about 4.9 million values, on PostgreSQL.

The values are written with COPY and the rollups rebuilt in SQL (`rollups.rebuild`), the way a
migration of historical data would load them; the timed operations then go through the
application: saving one value through the service, which updates every ancestor's, group's
and the nation's figures in its transaction, and reading the national figure; and the national
KPI page. Each beside its floor, the same statements replayed raw (writes in a transaction
rolled back).
"""

from __future__ import annotations

import random
import time
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nq57.core.actors import SYSTEM
from nq57.core.bulk import insert_rows
from nq57.core.periods import Period, PeriodType, parse_period
from nq57.indicators import rollups, selectors
from nq57.indicators.choices import Formula, TimeAggregation, ValueType
from nq57.indicators.models import (
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    IndicatorTerm,
    ValueRollup,
)
from nq57.indicators.services import catalogue_load, value_set
from nq57.orgs.models import Organization

from .pages import CONTROL, bench_user, page_statements
from .run import timed

ELEMENTS = 60
MONTHS = [Period(year, month, PeriodType.MONTH) for year in (2024, 2025) for month in range(1, 13)]
SAVE_TARGET_MS = 50.0
PAGE_TARGET_MS = 200.0
RUNS = 30


def load(seed: int = 4) -> dict[str, Any]:
    """The catalogue, a bench data set of 60 monthly elements with 30 indicators over them,
    and a value for every organisation, element and month; then the rollups."""
    catalogue_load(SYSTEM)
    if DataValue.objects.filter(element__code="bench_e01").exists():
        return {"values": DataValue.objects.count(), "reused": True}
    monitor = Organization.objects.get(code="BCDTW")
    dataset = DataSet.objects.create(
        code="bench",
        name_vi="Bộ chỉ số thử tải",
        name_en="Benchmark data set",
        period_type=PeriodType.MONTH.value,
        monitor=monitor,
        reporter_kinds=["ministry", "province", "commune"],
    )
    elements = [
        DataElement.objects.create(
            code=f"bench_e{n:02d}",
            name_vi=f"Mục thử {n}",
            name_en=f"Bench element {n}",
            dataset=dataset,
            value_type=ValueType.COUNT,
            time_aggregation=TimeAggregation.LAST if n % 3 == 0 else TimeAggregation.SUM,
        )
        for n in range(1, ELEMENTS + 1)
    ]
    for n in range(0, ELEMENTS, 2):  # e01/e02, e03/e04, …: a rate each
        indicator = Indicator.objects.create(
            code=f"bench_rate_{n // 2 + 1:02d}",
            name_vi=f"Tỷ lệ thử {n // 2 + 1}",
            name_en=f"Bench rate {n // 2 + 1}",
            formula=Formula.RATIO,
            factor=Decimal(100),
            unit="%",
            period_type=PeriodType.MONTH.value,
            monitor=monitor,
        )
        IndicatorTerm.objects.bulk_create(
            [
                IndicatorTerm(indicator=indicator, element=elements[n], position=0),
                IndicatorTerm(indicator=indicator, element=elements[n + 1], position=1),
            ]
        )
    orgs = list(Organization.objects.values_list("pk", flat=True))
    rng = random.Random(seed)
    now = timezone.now()
    columns = (
        *("element", "org", "period", "starts_on", "ends_on"),
        *("value", "comment", "created_at", "updated_at"),
    )
    start = time.perf_counter()
    written = 0
    for org in orgs:
        rows = []
        for month in MONTHS:
            for n in range(0, ELEMENTS, 2):
                denominator = rng.randint(0, 1000)
                numerator = rng.randint(0, denominator)
                for element, value in ((elements[n], numerator), (elements[n + 1], denominator)):
                    rows.append(
                        (element.pk, org, month.code, month.start, month.end, value, "", now, now)
                    )
        with transaction.atomic():
            written += insert_rows(DataValue, columns, rows)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    with transaction.atomic():
        rollup_rows = rollups.rebuild()
    rebuilt = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "values": written,
        "load_s": round(loaded, 1),
        "rebuild_s": round(rebuilt, 1),
        "rollup_rows": rollup_rows,
    }


def replay(statements: list[str]) -> None:
    """The statements on the driver's cursor, inside a transaction rolled back."""
    raw = connection.connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        finally:
            cursor.execute("ROLLBACK")


def _control(sql: str) -> bool:
    """Transaction control, not a statement the operation chose."""
    return sql.lstrip().upper().startswith(CONTROL)


def measure(runs: int = RUNS) -> dict[str, Any]:
    today = timezone.localdate()
    year = parse_period("2025")
    rate = selectors.get_indicator("bench_rate_01")
    national = selectors.scope_from()
    commune = Organization.objects.filter(kind="commune").order_by("path").first()
    assert commune is not None
    values = iter(range(10_000_000))

    def save_and_read() -> Any:
        # A new denominator each time, so every call really changes the figures.
        value = next(values) + 2000
        value_set(SYSTEM, element="bench_e02", org=commune.code, period="202512", value=value)
        return selectors.indicator_value(rate, year, national, today=today)

    before = selectors.indicator_value(rate, year, national, today=today).denominator
    with CaptureQueriesContext(connection) as captured:
        after = save_and_read().denominator
    assert after != before, (before, after)
    statements = [q["sql"] for q in captured.captured_queries if not _control(q["sql"])]
    save = timed(save_and_read, runs)
    save_floor = timed(lambda: replay(statements), runs)
    client = Client()
    client.force_login(bench_user("secretariat"))
    url = "/indicators/?period=2025"
    page_sql = [sql for sql in page_statements(client, url) if not _control(sql)]

    def page() -> None:
        assert client.get(url).status_code == 200

    page_time = timed(page, runs, warmup=3)
    page_floor = timed(lambda: replay(page_sql), runs)
    return {
        "save_and_read": {
            "app": save,
            "floor": save_floor,
            "queries": len(statements),
            "target_ms": SAVE_TARGET_MS,
        },
        "kpi_page": {
            "app": page_time,
            "floor": page_floor,
            "queries": len(page_sql),
            "target_ms": PAGE_TARGET_MS,
            "url": url,
        },
        "indicators": Indicator.objects.count(),
        "rollups": ValueRollup.objects.count(),
        "when": date.today().isoformat(),
    }
