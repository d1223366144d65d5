"""The LOGGING setting for `text` (people) or `json` (a log collector) output on stderr."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

LOG_FORMATS = ("text", "json")
# Attributes Django puts on its records that must not reach a JSON line: the request (its
# text carries the query string) and the development server's socket.
UNLOGGED_ATTRIBUTES = ("request", "server_time", "socket")
TEXT_FORMAT = "{asctime} {levelname} {name} [{request_id}] {message}"
JSON_FIELDS = "{asctime}{levelname}{name}{message}"


def logging_settings(log_format: str, level: str) -> dict[str, Any]:
    """Every record to stderr as text or JSON, each with the id of the request it belongs to.

    The request lines (logger `nq57.request`) are written in JSON only: in text, the
    development server prints each request already, and the tests' output stays readable."""
    if log_format not in LOG_FORMATS:
        choices = " or ".join(LOG_FORMATS)
        raise ImproperlyConfigured(f"NQ57_LOG_FORMAT must be {choices}, not {log_format!r}.")
    formatters = {
        "text": {"format": TEXT_FORMAT, "style": "{"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "reserved_attrs": [*RESERVED_ATTRS, *UNLOGGED_ATTRIBUTES],
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "nq57.core.logs.RequestIdFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "loggers": {
            "nq57.request": {"level": "INFO" if log_format == "json" else "WARNING"},
        },
        "root": {"handlers": ["console"], "level": level},
    }
