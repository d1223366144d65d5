"""manage.py expire_form_keys: forget the keys of page forms saved over a day ago (hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nq57.core.once import expire_keys


class Command(BaseCommand):
    help = "Delete the submission keys of page forms older than a day (core.once)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_keys()} form key(s) removed")
