"""manage.py evaluation_export --year Y --format xlsx|pdf --output F [--sign-with KEY.p12
--passphrase-env VAR | a token or a remote service, as `sign_pdf` takes them]: the year's
evaluation for the emulation and rewards council; the PDF signed (PAdES) when a key is given,
on the signer's own machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from nq57.reports.signing_options import (
    add_signing_arguments,
    names_a_key,
    signed_as_asked,
    signing_key,
)

from ...documents import evaluation_pdf, evaluation_xlsx
from ...selectors import year_evaluation


class Command(BaseCommand):
    help = "Write the year's evaluation (XLSX or PDF); sign the PDF if asked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=("xlsx", "pdf"), default="pdf")
        parser.add_argument("--output", required=True, help="the file to write")
        add_signing_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if names_a_key(options) and options["format"] != "pdf":
            raise CommandError("a signature is made on a PDF: use --format pdf")
        signing_key(options)  # a key named incompletely is said before any work
        try:
            evaluation = year_evaluation(options["year"], timezone.localdate())
        except Http404:
            raise CommandError(f"--year: {options['year']} has not begun") from None
        if evaluation.scheme is None:
            raise CommandError(f"no band scheme in force on {evaluation.as_of}: run load_bands")
        if options["format"] == "xlsx":
            content = evaluation_xlsx(evaluation)
        else:
            content = signed_as_asked(
                evaluation_pdf(evaluation), options, reason="Kết quả đánh giá, xếp loại năm"
            )
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stdout.write(
            f"{output}: {evaluation.year} as of {evaluation.as_of.isoformat()}, "
            f"scheme {evaluation.scheme.version}, {len(evaluation.sheets)} sheets"
        )
