"""manage.py load_commitments_demo: the leaders' commitments of the demo, once, on a database
that has the other demos (`load_demo` loads the same after them, which it measures the
commitments by)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nq57.commitments.demo import commitments_demo_is_loaded, load_commitments_demo


class Command(BaseCommand):
    help = "Load the demo's leaders' commitments once (after the other demos)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo data are loaded only with DEBUG on, as load_demo's")
        if commitments_demo_is_loaded():
            self.stdout.write("demo commitments already loaded")
            return
        self.stdout.write(f"demo commitments loaded: {load_commitments_demo()}")
