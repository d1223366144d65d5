"""manage.py expire_import_previews: remove import previews nobody confirmed (run hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nq57.tasks.previews import previews_expire


class Command(BaseCommand):
    help = "Remove uploaded import previews older than NQ57_IMPORT_PREVIEW_MAX_AGE seconds."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{previews_expire()} preview(s) removed")
