"""manage.py report_verify FILE: is the report's signature intact, and does every figure it
states still hold, recomputed from the live data as of its day? Exit status 1 if not."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.reports.verify import NotAReport, verify_report


class Command(BaseCommand):
    help = "Check a signed report's signature and recompute its figures as of its day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            result = verify_report(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except NotAReport as exc:
            raise CommandError(f"{path}: {exc}") from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"report as of {result.as_of.isoformat()}, figures {result.digest}")
            if not result.signatures:
                self.stdout.write("not signed")
            for check in result.signatures:
                state = "intact" if check.intact else "BROKEN"
                whole = "covers the whole file" if check.covers_all else "does NOT cover the file"
                self.stdout.write(f"signature of {check.signer}: {state}, {whole}")
            for changed in result.changed:
                self.stdout.write(
                    f"changed: {changed.name} stated {changed.stated}, now {changed.now}"
                )
            if not result.changed:
                self.stdout.write("every figure still holds")
        if not result.holds:
            sys.exit(1)
