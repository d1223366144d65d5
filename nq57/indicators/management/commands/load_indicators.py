"""manage.py load_indicators: the built-in catalogue of data sets, elements and indicators."""

from typing import Any

from django.core.management.base import BaseCommand

from nq57.core.actors import SYSTEM
from nq57.indicators.services import catalogue_load


class Command(BaseCommand):
    help = "Create or update the built-in indicators; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        result = catalogue_load(SYSTEM)
        self.stdout.write(
            f"indicators: {result['indicators_created']} created, "
            f"{result['indicators_kept']} already there (updated to the catalogue)"
        )
