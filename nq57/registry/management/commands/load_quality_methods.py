"""manage.py load_quality_methods [FILE]: the versions of the quality method (default: the
project's data/quality_methods.json). Loading again changes nothing; a code already loaded
with another content is refused."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.core.actors import SYSTEM
from nq57.core.errors import ValidationFailed
from nq57.registry.quality.methods import METHODS_FILE, load_quality_methods_file


class Command(BaseCommand):
    help = "Load the quality methods (idempotent; a changed method needs a new code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=METHODS_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = load_quality_methods_file(SYSTEM, options["file"])
        except ValidationFailed as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"quality methods loaded: {', '.join(created) or 'none new'}")
