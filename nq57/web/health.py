"""The probes: /healthz (alive: the process answers; no database) and /readyz (ready: every
check of `core.health` passes, else 503), JSON, public, never cached.

`ProbeMiddleware` answers both before the session and sign-in middleware run: with a session
cookie those would read (and save) the session in the database, and /healthz must answer
while the database is down, /readyz say so rather than show the outage page. The URL
patterns name them (for `reverse` and the access matrix); the middleware serves them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from nq57.core.health import readiness


def _uncached(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive and serves requests."""
    return _uncached(JsonResponse({"status": "alive"}))


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when every readiness check passes, 503 otherwise; each check with its detail."""
    checks = readiness()
    ready = all(check.ok for check in checks)
    body = {
        "ready": ready,
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    response = _uncached(JsonResponse(body, status=200 if ready else 503))
    # Not ready is an answer, not a server error: the request's own log line says it, and
    # Django need not log every probe of a stopped database as an error.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


PROBES = {"/healthz": healthz, "/readyz": readyz}


class ProbeMiddleware:
    """Serves the probes itself, ahead of the middleware that would touch the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        with contextlib.suppress(Resolver404):
            request.resolver_match = resolve(request.path_info)  # its name, for the log line
        return probe(request)
