"""Development settings: DEBUG on unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: F403

# Without a mail server given (EMAIL_HOST), mail is printed on the console: `make run` works on
# a machine with none; the browser tests give one (a real SMTP server on loopback).
if "EMAIL_HOST" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
