"""How one cell of the access matrix is played and judged: one actor, one method, one URL,
inside a savepoint that is rolled back, so that every cell starts from the same world.

The answer is named by what it means for access:

    ok            2xx, or a redirect elsewhere than below (and, for a write, nothing written)
    write         a write answered 2xx/3xx (wherever it leads) that changed the database
    login         redirect to the sign-in page
    admin-login   redirect to the admin's sign-in page
    portal        redirect of a citizen to the public portal
    4xx           that status: 401, 403, 404, 400, 405, 415 (nothing written)
    500           a server error: never expected
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client

REDIRECTS = (301, 302, 303, 307, 308)


def play(client: Client, method: str, path: str, body: dict[str, Any] | None) -> tuple[str, str]:
    """The outcome of one request and, for a write, what it changed (empty when nothing)."""
    cookies = copy.deepcopy(client.cookies)  # signing out must not sign the actor out for good
    try:
        with transaction.atomic():
            before = _fingerprint()
            response = _send(client, method, path, body)
            if response.streaming:  # read to its end, the test client then closes the file
                b"".join(response.streaming_content)
            changed = _difference(before, _fingerprint())
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return name_of(response, wrote=method != "GET" and bool(changed)), changed


def name_of(response: HttpResponse, *, wrote: bool) -> str:
    code = response.status_code
    if code >= 500:
        return "500"
    if wrote and code < 400:
        return "write"
    if 400 <= code < 500:
        return str(code)
    if code in REDIRECTS:
        location = response["Location"]
        if location.startswith("/login/"):
            return "login"
        if location.startswith("/admin/login/"):
            return "admin-login"
        if location == "/feedback/":
            return "portal"
    return "ok"


def _send(client: Client, method: str, path: str, body: dict[str, Any] | None) -> Any:
    if method == "GET":
        return client.get(path)
    if path.startswith("/api/"):
        payload = json.dumps(body or {})
        return client.generic(method, path, payload, content_type="application/json")
    # Pages take forms; files in the body go as multipart, as a browser sends them.
    return client.post(path, body or {})


def _tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("nq57.") and model._meta.managed
    )


def _fingerprint() -> dict[str, int]:
    """The number of rows of every table of the project's apps, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {quote(t)}" for i, t in enumerate(tables))  # nosec B608  # table names from the models, not input
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(cursor.fetchall())
    return {table: counts[i] for i, table in enumerate(tables)}


def _difference(before: dict[str, int], after: dict[str, int]) -> str:
    return ", ".join(
        f"{table} {after[table] - before[table]:+d}"
        for table in before
        if after[table] != before[table]
    )
