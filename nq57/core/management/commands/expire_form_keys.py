"""manage.py expire_form_keys: forget the keys of page forms saved over a day ago, and the
drafts left unsent for two weeks (hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nq57.core.drafts import expire_drafts
from nq57.core.once import expire_keys


class Command(BaseCommand):
    help = "Delete old submission keys (core.once) and old drafts (core.drafts) of page forms."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(
            f"{expire_keys()} form key(s) removed, {expire_drafts()} draft(s) removed"
        )
