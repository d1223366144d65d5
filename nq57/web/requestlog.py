"""One log line a request (logger `nq57.request`, JSON in production): the method, the path
without its query string (a secret in it masked), the route's name, the status, the duration,
the signed-in user's id and organisation codes, and the request's id — nginx's `X-Request-ID`
when it sends one, else a new one, echoed in the response so that a user's report can be
found in the logs.

No personal data: no names, e-mail addresses, query strings, bodies or client addresses.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, InterfaceError
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from nq57.accounts.access import organisation_codes_of
from nq57.core.logs import current_request_id

log = logging.getLogger("nq57.request")
REQUEST_ID_HEADER = "X-Request-ID"
# What an id from the proxy may look like (nginx's $request_id is 32 hex digits): anything
# else is replaced, so a client cannot write into the logs through it.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_of(request: HttpRequest) -> str:
    """The proxy's id for this request when it is a plausible one, else a new one."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if ACCEPTED_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    """Times every request, names it, and logs how it ended."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request)
        token = current_request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if log.isEnabledFor(logging.INFO):
                log.info(
                    "%s %s %s",
                    request.method,
                    logged_path(request),
                    response.status_code,
                    extra=request_fields(request, response, started),
                )
        finally:
            current_request_id.reset(token)
        return response


def logged_path(request: HttpRequest) -> str:
    """The path, with a secret it carries masked: a URL parameter named `token` is one (the
    private calendar link, a password reset's), and a log must not hand it to its readers."""
    match = request.resolver_match
    secret = match.kwargs.get("token") if match is not None else None
    if not secret:
        return request.path
    return request.path.replace(str(secret), "…")


def request_fields(request: HttpRequest, response: HttpResponse, started: float) -> dict[str, Any]:
    """The fields of a request's log line."""
    match = request.resolver_match
    return {
        "method": request.method,
        "path": logged_path(request),
        "route": match.view_name if match is not None else None,
        "status": response.status_code,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
        **signed_in_fields(request),
    }


def signed_in_fields(request: HttpRequest) -> dict[str, Any]:
    """The user's id and organisations, when the request already knew who was signed in.

    The user is never looked up here: a request that did not need to know (a probe, a static
    file) must not touch the database for its log line, nor fail when the database is down."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return {}
    if not user.is_authenticated:
        return {}
    try:
        codes = organisation_codes_of(user)
    except (DatabaseError, InterfaceError):
        codes = []
    return {"user_id": user.pk, "org": ",".join(codes) or None}
