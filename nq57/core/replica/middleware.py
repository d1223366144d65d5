"""Opens each request's routing state, records its writer's WAL position afterwards, and
tells which database served its reads (`X-NQ57-Read-From: replica|primary`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from . import positions
from .state import (
    READ_FROM_HEADER,
    SAFE_METHODS,
    RequestReads,
    current_reads,
    mark_replica_down,
    open_reads,
)


class ReplicaReadMiddleware:
    """Installed after authentication (the reader is known) by the settings, with the router."""

    replica_serves: Callable[[HttpRequest], bool] = staticmethod(positions.replica_serves)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reads = RequestReads(
            request=request,
            safe_method=request.method in SAFE_METHODS,
            replica_serves=self.replica_serves,
        )
        close = open_reads(reads)
        try:
            response = self.get_response(request)
        finally:
            close()
        if reads.wrote:
            positions.record_write_position(request)
        response[READ_FROM_HEADER] = "replica" if reads.used_replica else "primary"
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        reads = current_reads()
        if reads is not None:
            reads.view = (view, args, kwargs)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        """A reading view that failed on a database error after using the replica (it died,
        or cancelled the read to go on replaying) runs once more, on the primary: a reader
        gets their page rather than an error, and the replica is left alone for a while."""
        reads = current_reads()
        if (
            reads is None
            or reads.view is None
            or reads.wrote
            or not reads.used_replica
            or not isinstance(exception, DatabaseError)
        ):
            return None
        mark_replica_down(exception)
        reads.replica_chosen = False
        reads.used_replica = False
        view, args, kwargs = reads.view
        reads.view = None  # once
        response = view(request, *args, **kwargs)
        render = getattr(response, "render", None)
        return render() if callable(render) else response
