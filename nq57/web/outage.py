"""A database that cannot be reached is an outage, not a bug: every page answers 503 with a
page saying so (in the user's language, with Retry-After) and every API URL a JSON 503, and
the next request after the database is back is served as usual (CONN_HEALTH_CHECKS).

This is `handler500`: Django calls it inside the `except` block of whatever layer raised,
a view or a middleware (sessions, sign-in: their exceptions never reach a middleware's
`process_exception`), so `sys.exc_info()` names the error. The page renders without the
request's context processors and without the database.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from nq57.api.errors import database_unavailable

from .middleware import language_of

# When to try again: the database is usually back within a restart's time.
RETRY_AFTER_SECONDS = 30
# What a server that is down, restarting or gone raises (through Django's wrappers).
OUTAGE_ERRORS = (OperationalError, InterfaceError)
# How far down a chain of errors to look (a template error raised from a query, say).
MAX_CHAIN = 5


def is_database_outage(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from, says the database is unreachable."""
    for _ in range(MAX_CHAIN):
        if error is None:
            return False
        if isinstance(error, OUTAGE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the outage answer for a database outage, Django's 500 page otherwise."""
    if not is_database_outage(sys.exc_info()[1]):
        return defaults.server_error(request)
    return database_outage(request)


def database_outage(request: HttpRequest) -> HttpResponse:
    """503: JSON for the API, the outage page for everything else; never cached."""
    with translation.override(language_of(request)):
        if request.path_info.startswith("/api/"):
            response: HttpResponse = database_unavailable()
        else:
            page = loader.get_template("web/unavailable.html")
            context = {"retry_after_seconds": RETRY_AFTER_SECONDS}
            response = HttpResponse(page.render(context), status=503)
    # Each middleware that asks for the session or the user meets the outage again; Django
    # logs the first with its traceback, the others would only repeat it.
    response._has_been_logged = getattr(request, "_nq57_outage_logged", False)  # type: ignore[attr-defined]
    request._nq57_outage_logged = True  # type: ignore[attr-defined]
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.setdefault("Content-Language", language_of(request))
    add_never_cache_headers(response)
    return response
