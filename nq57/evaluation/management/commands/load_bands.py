"""manage.py load_bands [--file F]: load the evaluation band schemes (data/bands.json by
default); a bad file is refused whole with a message naming the version and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.core.actors import SYSTEM

from ...rules import SchemeError
from ...services import BANDS_FILE, band_schemes_load


class Command(BaseCommand):
    help = "Load the evaluation band schemes from their file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(BANDS_FILE))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = band_schemes_load(SYSTEM, path=Path(options["file"]))
        except SchemeError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"band schemes: {', '.join(s.version for s in loaded)}")
