"""The id of the request being served, for every log record written while it is served."""

from __future__ import annotations

import logging
from contextvars import ContextVar

# Set by nq57.web.requestlog for the length of a request; "-" outside one (commands, tasks).
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record, so Django's own error lines carry it too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True
