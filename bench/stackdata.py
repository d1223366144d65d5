"""The data and the callers of the load benchmark: the million tasks of `make bench` loaded
into the primary, officials of different scopes with their tokens, a secretariat's signed-in
session, the tasks and indicator keys the writers write to, and the checks afterwards (every
acknowledged write stored, rollups equal to a rebuild)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from .data import DATA_VERSION
from .run import OUT, add_extensions_and_reports, import_file, write_exchange_file

# Who reads: the national secretariat, a ministry's and a province's reporters, a commune's.
READERS = ("secretariat", "ministry", "province", "commune")
ELEMENTS = 4
WRITE_TASKS = 2000
REPORTER_KINDS = ("ministry", "province", "commune")
# The (element, organisation, month) keys of the values written, in order: one counter for
# every run in this process, started past the values a --reuse'd database already holds.
VALUE_KEYS = itertools.count()


def load_tasks(tasks: int) -> dict[str, Any]:
    """Migrate, then the benchmark's data set: its exchange file imported, extensions and
    three monthly reports a task (bench/run.py's own steps and data)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_orgs", verbosity=0)
    exchange = OUT / f"tasks-{tasks}-v{DATA_VERSION}.csv"
    if not exchange.exists():
        write_exchange_file(exchange, tasks)
    start = time.perf_counter()
    imported = import_file(exchange, "postgresql")
    filled = add_extensions_and_reports(3)
    return {
        "import": imported,
        "fill": filled,
        "seconds": round(time.perf_counter() - start, 1),
    }


@dataclass
class Fixtures:
    """What the load needs to know: tokens, the session cookie, ids to read and write."""

    tokens: dict[str, str] = field(default_factory=dict)
    writer_token: str = ""
    session_cookie: str = ""
    detail_ids: dict[str, list[int]] = field(default_factory=dict)
    write_task_ids: list[int] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    value_orgs: list[str] = field(default_factory=list)


def _official(username: str, org: Any, role: str) -> Any:
    from nq57.accounts.models import User
    from nq57.accounts.services import user_create
    from nq57.core.actors import SYSTEM

    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(SYSTEM, username=username, password=None, organization=org, role=role)
    return user


def _reader_orgs() -> dict[str, Any]:
    from nq57.orgs.models import Organization

    hanoi = Organization.objects.get(code="01")
    return {
        "secretariat": (Organization.objects.get(code="BCDTW"), "secretariat"),
        "ministry": (Organization.objects.filter(kind="ministry").order_by("code")[0], "reporter"),
        "province": (hanoi, "reporter"),
        "commune": (
            Organization.objects.filter(kind="commune", path__startswith=hanoi.path)
            .order_by("path")
            .first(),
            "reporter",
        ),
    }


def prepare(seed_ids: int = 200) -> Fixtures:
    """Officials, tokens, a verified session and the keys the writers use (idempotent enough
    for one run: every call issues new tokens and a new session)."""
    from nq57.accounts.services import api_token_issue
    from nq57.core.actors import SYSTEM
    from nq57.orgs.models import Organization
    from nq57.tasks.models import Task

    fixtures = Fixtures()
    for key, (org, role) in _reader_orgs().items():
        user = _official(f"load-{key}", org, role)
        _token, fixtures.tokens[key] = api_token_issue(
            SYSTEM, user=user, name=f"load {key}", scope="read", days=2
        )
        visible = Task.objects.all() if key == "secretariat" else Task.objects.filter(lead_org=org)
        fixtures.detail_ids[key] = list(
            visible.order_by("?").values_list("pk", flat=True)[:seed_ids]
        )
    secretariat = _official("load-secretariat", *_reader_orgs()["secretariat"])
    _token, fixtures.writer_token = api_token_issue(
        SYSTEM, user=secretariat, name="load writer", scope="read_write", days=2
    )
    fixtures.session_cookie = verified_session(secretariat)
    # Open deadline tasks: a progress report is accepted on any of them today.
    fixtures.write_task_ids = list(
        Task.objects.filter(completed_on__isnull=True, kind="deadline")
        .order_by("?")
        .values_list("pk", flat=True)[:WRITE_TASKS]
    )
    fixtures.elements = indicator_elements()
    fixtures.value_orgs = list(
        Organization.objects.filter(kind__in=REPORTER_KINDS)
        .order_by("path")
        .values_list("code", flat=True)
    )
    return fixtures


def skip_written_value_keys(elements: list[str]) -> None:
    """Move VALUE_KEYS past the keys an earlier run wrote into this database."""
    global VALUE_KEYS
    from nq57.indicators.models import DataValue

    VALUE_KEYS = itertools.count(DataValue.objects.filter(element__code__in=elements).count())


def verified_session(user: Any) -> str:
    """A session cookie value signing `user` in with a confirmed second factor, as if they had
    passed /login/ and the TOTP code (the stack's SECRET_KEY must be this process's)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="load benchmark", defaults={"confirmed": True}
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.set_expiry(4 * 3600)
    store.save()
    return str(store.session_key)


def indicator_elements() -> list[str]:
    """A small monthly data set the writers enter values into (the built-in catalogue too)."""
    from nq57.core.actors import SYSTEM
    from nq57.core.periods import PeriodType
    from nq57.indicators.choices import TimeAggregation, ValueType
    from nq57.indicators.models import DataElement, DataSet
    from nq57.indicators.services import catalogue_load
    from nq57.orgs.models import Organization

    catalogue_load(SYSTEM)
    dataset, _created = DataSet.objects.get_or_create(
        code="loadbench",
        defaults={
            "name_vi": "Bộ chỉ số thử tải ghi",
            "name_en": "Load benchmark data set",
            "period_type": PeriodType.MONTH.value,
            "monitor": Organization.objects.get(code="BCDTW"),
            "reporter_kinds": list(REPORTER_KINDS),
        },
    )
    codes = []
    for n in range(1, ELEMENTS + 1):
        element, _created = DataElement.objects.get_or_create(
            code=f"load_e{n}",
            defaults={
                "name_vi": f"Mục thử ghi {n}",
                "name_en": f"Load element {n}",
                "dataset": dataset,
                "value_type": ValueType.COUNT,
                "time_aggregation": TimeAggregation.SUM,
            },
        )
        codes.append(element.code)
    return codes


def stored_markers(markers: list[str]) -> set[str]:
    """Which of `markers` the database holds: in a progress report's narrative or a value's
    comment (read from the primary)."""
    from nq57.indicators.models import DataValue
    from nq57.tasks.models import ProgressReport

    found: set[str] = set()
    for start in range(0, len(markers), 5000):
        chunk = markers[start : start + 5000]
        found |= set(
            ProgressReport.objects.filter(narrative__in=chunk).values_list("narrative", flat=True)
        )
        found |= set(DataValue.objects.filter(comment__in=chunk).values_list("comment", flat=True))
    return found


# Each rollup table: its key, the figures kept under that key, and which rows count (a delta
# that sums to zero, or a figure with no contributor, is the same as no row).
ROLLUP_TABLES = {
    "tasks_statusdelta": (
        "scope, org_id, program_id, status, on_date",
        "sum(delta) AS delta",
        "sum(delta) <> 0",
    ),
    "tasks_monthlystatusdelta": (
        "scope, org_id, program_id, status, on_date",
        "sum(delta) AS delta",
        "sum(delta) <> 0",
    ),
    "indicators_valuerollup": (
        "element_id, scope, scope_key, period",
        "sum(total) AS total, sum(contributors) AS contributors",
        "sum(total) <> 0 OR sum(contributors) <> 0",
    ),
}


def rollups_equal_rebuild() -> dict[str, int]:
    """Rows of each rollup table that differ from a fresh rebuild (tasks and indicators),
    compared in SQL inside a transaction that is rolled back: 0 everywhere is the goal."""
    from django.db import connection, transaction

    from nq57.indicators import rollups as indicator_rollups
    from nq57.tasks import rollups as task_rollups

    def grouped(table: str) -> str:
        keys, figures, counted = ROLLUP_TABLES[table]
        return f"SELECT {keys}, {figures} FROM {table} GROUP BY {keys} HAVING {counted}"  # nosec B608  # fixed names

    differences: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ROLLUP_TABLES:
            cursor.execute(f"CREATE TEMP TABLE kept_{table} ON COMMIT DROP AS {grouped(table)}")
        task_rollups.rebuild()
        indicator_rollups.rebuild()
        for table in ROLLUP_TABLES:
            kept = f"SELECT * FROM kept_{table}"  # nosec B608  # fixed names
            fresh = grouped(table)
            cursor.execute(
                f"SELECT count(*) FROM (({kept}) EXCEPT ({fresh}) UNION ALL "  # nosec B608  # fixed names
                f"(({fresh}) EXCEPT ({kept}))) differing"
            )
            differences[table] = int(cursor.fetchone()[0])
        transaction.set_rollback(True)
    return differences
