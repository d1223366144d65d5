"""The requests of the load benchmark: the read mix, the dashboard, the writes, the floor."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from datetime import date

from .loadgen import Call
from .stackdata import READERS, Fixtures

READ_KINDS = ("summary", "list", "detail")
Pick = Callable[[int], Call]
MONTHS = [f"{year}{month:02d}" for year in (2024, 2025) for month in range(1, 13)]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def read_mix(fixtures: Fixtures) -> Pick:
    """Summary, list and detail in turn, each reader in turn (four scopes)."""

    def pick(number: int) -> Call:
        kind = READ_KINDS[number % 3]
        reader = READERS[(number // 3) % len(READERS)]
        headers = bearer(fixtures.tokens[reader])
        if kind == "summary":
            return Call(kind, "GET", "/api/v1/tasks/summary/", headers)
        if kind == "list":
            return Call(kind, "GET", "/api/v1/tasks/?status=overdue&page_size=50", headers)
        ids = fixtures.detail_ids[reader] or fixtures.detail_ids["secretariat"]
        return Call(kind, "GET", f"/api/v1/tasks/{ids[(number // 12) % len(ids)]}/", headers)

    return pick


def api_floor(fixtures: Fixtures) -> Pick:
    """The API's root with the secretariat's token: a token checked and a few links answered,
    no task read. What any API request costs the stack before it reads anything."""
    call = Call("api-root", "GET", "/api/v1/", bearer(fixtures.tokens["secretariat"]))
    return lambda number: call


def dashboard(fixtures: Fixtures) -> Pick:
    """The officials' dashboard (`/`) with the secretariat's signed-in session."""
    call = Call("dashboard", "GET", "/", {"Cookie": f"sessionid={fixtures.session_cookie}"})
    return lambda number: call


def static(path: str) -> Pick:
    """A static file nginx serves itself: the floor of the stack (TLS, nginx, the client)."""
    call = Call("static", "GET", path)
    return lambda number: call


class Writes:
    """Progress reports and indicator values in turn, each with a marker no other write has;
    the values go to keys (element, organisation, month) no other write has either, so every
    value written is a new row carrying its marker."""

    def __init__(self, fixtures: Fixtures, tag: str, value_keys: Iterator[int]) -> None:
        self.fixtures = fixtures
        self.tag = tag
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        # Shared by every run of the benchmark: a key once written is never written again.
        self._values = value_keys
        self.today = date.today().isoformat()

    def __call__(self, _number: int) -> Call:
        with self._lock:
            number = next(self._numbers)
            value_number = next(self._values) if number % 2 else 0
        marker = f"load-{self.tag}-{number}"
        headers = bearer(self.fixtures.writer_token)
        if number % 2 == 0:
            tasks = self.fixtures.write_task_ids
            task = tasks[(number // 2) % len(tasks)]
            body = {"reported_on": self.today, "percent": number % 95, "narrative": marker}
            return Call(
                "report", "POST", f"/api/v1/tasks/{task}/progress-reports/", headers, body, marker
            )
        elements, orgs = self.fixtures.elements, self.fixtures.value_orgs
        key = value_number
        body = {
            "data_element": elements[key % len(elements)],
            "org": orgs[(key // len(elements)) % len(orgs)],
            "period": MONTHS[(key // (len(elements) * len(orgs))) % len(MONTHS)],
            "value": str(key % 1000),
            "comment": marker,
        }
        return Call("value", "POST", "/api/v1/indicator-values/", headers, body, marker)
