"""An open-loop load generator: requests leave on a fixed schedule whatever the answers.

Debian 12 has no `vegeta` (nor wrk2 or hey), so this is Python: one thread dispatches each
request at its due time to a pool of up to `max_in_flight` threads (64: 200 requests/s at
300 ms need 60), each keeping its own HTTP keep-alive connection (requests). A slow server
does not slow the schedule down (that would hide the queue: "coordinated omission"); each
latency is counted from the request's due time, not from when a thread was free to send it,
and a read still waiting for a thread when its timeout has passed counts as failed without
being sent. The generator runs on the same 2 cores as the stack, which the figures include.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests

from .loadstats import Outcome

TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Call:
    """One HTTP request of the mix."""

    kind: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    marker: str = ""  # a write's unique mark, recorded when the server acknowledges it


class Client:
    """HTTP to the stack, one keep-alive session per thread."""

    def __init__(self, base_url: str, certificate: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.certificate = certificate
        self._local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            fresh = requests.Session()
            # Loopback only: no proxy, and no CA bundle from the environment, which would
            # override the stack's own certificate.
            fresh.trust_env = False
            fresh.verify = self.certificate or False  # nosec B501  # plain HTTP has none
            self._local.session = fresh
        session: requests.Session = self._local.session
        return session

    def send(self, call: Call) -> int:
        """The answer's status, 0 when none came (refused, reset, timed out)."""
        try:
            response = self.session().request(
                call.method,
                self.base_url + call.path,
                headers=call.headers,
                json=call.json,
                timeout=TIMEOUT_S,
                allow_redirects=False,
            )
            response.content  # noqa: B018  # read the whole body: part of the answer's time
            return response.status_code
        except requests.RequestException:
            self._local.__dict__.pop("session", None)  # a broken connection is not reused
            return 0


@dataclass
class Acknowledged:
    """The markers of the writes the server acknowledged with a 2xx, across threads."""

    markers: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, marker: str) -> None:
        with self.lock:
            self.markers.append(marker)


def send_once(client: Client, call: Call, due: float, origin: float) -> Outcome:
    """One read; one that waited for a free thread past the timeout is not sent at all (the
    client has given up on it: an error, as a timed-out answer would be)."""
    late = time.perf_counter() - origin - due
    status = client.send(call) if late < TIMEOUT_S else 0
    return Outcome(call.kind, due, (time.perf_counter() - origin - due) * 1000, status)


def send_until_acknowledged(
    client: Client, call: Call, due: float, origin: float, acked: Acknowledged, give_up_s: float
) -> Outcome:
    """A write retried until the server acknowledges it (a 2xx) or `give_up_s` pass: a writer
    that saw no answer cannot know whether it was stored, so it sends the same write again
    (the same marker) and only an acknowledged marker must be found afterwards."""
    if time.perf_counter() - origin - due >= TIMEOUT_S:
        # Never sent (no thread was free in time): not acknowledged, so not a loss either.
        return Outcome(call.kind, due, (time.perf_counter() - origin - due) * 1000, 0, 0)
    attempts = 0
    while True:
        attempts += 1
        status = client.send(call)
        elapsed = time.perf_counter() - origin - due
        if 200 <= status < 300:
            acked.add(call.marker)
        if 200 <= status < 300 or 400 <= status < 500 or elapsed > give_up_s:
            # A 4xx is the write's own fault: sending it again changes nothing.
            return Outcome(call.kind, due, elapsed * 1000, status, attempts)
        time.sleep(0.25)


@dataclass
class OpenLoop:
    """`rate` requests a second for `seconds` (or until `stop` is set), each from `pick(n)`."""

    client: Client
    pick: Callable[[int], Call]
    rate: float
    seconds: float
    acked: Acknowledged | None = None  # set: calls are writes, retried until acknowledged
    give_up_s: float = 90.0
    max_in_flight: int = 64
    stop: threading.Event = field(default_factory=threading.Event)
    origin: float = 0.0

    def run(self) -> list[Outcome]:
        """Send on schedule; return every outcome once all have an answer."""
        futures = []
        self.origin = time.perf_counter()
        with ThreadPoolExecutor(self.max_in_flight, thread_name_prefix="load") as pool:
            number = 0
            while not self.stop.is_set():
                due = number / self.rate
                if due >= self.seconds:
                    break
                pause = self.origin + due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                call = self.pick(number)
                if self.acked is None:
                    futures.append(pool.submit(send_once, self.client, call, due, self.origin))
                else:
                    futures.append(
                        pool.submit(
                            send_until_acknowledged,
                            *(self.client, call, due, self.origin, self.acked, self.give_up_s),
                        )
                    )
                number += 1
            self.seconds = min(self.seconds, number / self.rate)
        return [future.result() for future in futures]

    def start(self) -> tuple[threading.Thread, list[list[Outcome]]]:
        """Run in a thread of its own: (the thread, a box its outcomes land in)."""
        box: list[list[Outcome]] = []
        thread = threading.Thread(target=lambda: box.append(self.run()), daemon=True)
        thread.start()
        while self.origin == 0.0:
            time.sleep(0.01)
        return thread, box
