"""Whole pages timed in-process, each beside its floor: the SQL the page ran, run raw.

A page is requested through Django's test client as a signed-in user (`force_login`), so its
time is the server's — URL routing, middleware, session, queries, template — without the
network. Its floor is the statements one request of that page executed, captured with
`CaptureQueriesContext` and executed again, verbatim, on the driver's own cursor: what the page
would cost if the Python around its queries took no time.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nq57.accounts.models import User
from nq57.accounts.services import user_create
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization

from .run import timed

RUNS = 30
WARMUP = 3
TARGET_MS = 200.0  # p95 of each page on PostgreSQL at 1,000,000 tasks (issue 3)

# key: (label, who, URL)
PAGES: dict[str, tuple[str, str, str]] = {
    "dashboard": ("Dashboard, national, today", "secretariat", "/"),
    "dashboard_past": (
        "Dashboard, national, as of 30/06/2025",
        "secretariat",
        "/?as_of=2025-06-30",
    ),
    "dashboard_org": ("Dashboard drilled into Hà Nội (`?org=01`)", "secretariat", "/?org=01"),
    "dashboard_province": ("Dashboard of a Hà Nội reporter", "province", "/"),
    "list": ("Task list, unfiltered", "secretariat", "/tasks/"),
    "list_overdue": ("Task list, overdue", "secretariat", "/tasks/?status=overdue"),
    "list_org": ("Task list, Hà Nội as lead", "secretariat", "/tasks/?org=01&role=lead"),
    "list_search": ("Task list, search “chuyen doi so”", "secretariat", "/tasks/?q=chuyen+doi+so"),
    "list_page_100": ("Task list, unfiltered, page 100", "secretariat", "/tasks/?page=100"),
    "list_search_code": (
        "Task list, search of a code “B-0654321”",
        "secretariat",
        "/tasks/?q=B-0654321",
    ),
    # A search past NQ57_SEARCH_COUNT_LIMIT shows its rows, then htmx fetches its exact count:
    # a request of its own, after the page, reported beside the pages without their target.
    "list_search_count": (
        "Exact count of the search “chuyen doi so”, fetched after its page",
        "secretariat",
        "/tasks/count/?q=chuyen+doi+so",
    ),
}
UNTARGETED = {"list_search_count"}

# Who asks: the national secretariat, and a reporter of one province (Hà Nội, code 01).
USERS = {
    "secretariat": ("bench-secretariat", "BCDTW", "secretariat"),
    "province": ("bench-province", "01", "reporter"),
}

# Transaction control around the session write is not a query the page chose.
CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def bench_user(key: str) -> User:
    username, org_code, role = USERS[key]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            SYSTEM,
            username=username,
            password=None,
            organization=Organization.objects.get(code=org_code),
            role=role,
        )
    return user


def page_statements(client: Client, url: str) -> list[str]:
    """The SQL one request of `url` executed, in order, as the database received it."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def run_raw(statements: list[str]) -> None:
    """Execute each statement on the driver's cursor and fetch its rows: no ORM, no template."""
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    finally:
        cursor.close()


def measure_pages(runs: int = RUNS, warmup: int = WARMUP) -> dict[str, Any]:
    clients: dict[str, Client] = {}
    for key in USERS:
        clients[key] = Client()
        clients[key].force_login(bench_user(key))
    results: dict[str, Any] = {}
    for key, (label, who, url) in PAGES.items():
        client = clients[who]
        client.get(url)  # the first request fills caches (organisations, templates)
        statements = page_statements(client, url)
        timed_statements = [s for s in statements if not s.lstrip().upper().startswith(CONTROL)]

        def request(client: Client = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        page = timed(request, runs, warmup)

        def raw_page(statements: list[str] = timed_statements) -> None:
            run_raw(statements)

        floor = timed(raw_page, runs, warmup)
        results[key] = {
            "label": label,
            "url": url,
            "who": who,
            "app": page,
            "floor": floor,
            "ratio": round(page["median_ms"] / floor["median_ms"], 2),
            "queries": len(statements),
            "targeted": key not in UNTARGETED,
            "slowest": slowest_statements(timed_statements),
        }
        print(
            f"  {key}: p50 {page['median_ms']} ms, p95 {page['p95_ms']} ms "
            f"(floor {floor['median_ms']} / {floor['p95_ms']} ms, ×{results[key]['ratio']}), "
            f"{len(statements)} queries",
            flush=True,
        )
    return results


def slowest_statements(statements: list[str], keep: int = 3) -> list[dict[str, Any]]:
    """The page's costliest statements (median of 5 raw runs), to tell where its time goes."""
    costs: list[tuple[float, str]] = []
    for sql in statements:

        def one(sql: str = sql) -> None:
            run_raw([sql])

        costs.append((timed(one, 5, 1)["median_ms"], sql))
    costs.sort(key=lambda cost: -cost[0])
    return [{"ms": ms, "sql": sql} for ms, sql in costs[:keep]]
