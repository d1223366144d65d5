"""Development settings: DEBUG on unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: F403

# Without a mail server given (EMAIL_HOST), mail is printed on the console: `make run` works on
# a machine with none; the browser tests give one (a real SMTP server on loopback).
if "EMAIL_HOST" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The covering indexes' INCLUDE columns serve PostgreSQL's index-only scans; SQLite keeps the
# index on its key columns, which is all it needs, so its warning on every command says
# nothing to a developer. Production silences no check (test_headers holds it to that).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
