"""manage.py evaluation_export --year Y --format xlsx|pdf --output F [--sign-with KEY.p12
--passphrase-env VAR]: the year's evaluation for the emulation and rewards council; the PDF
signed (PAdES) when a key is given, on the signer's own machine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from nq57.reports.documents.pdf import sign_pdf

from ...documents import evaluation_pdf, evaluation_xlsx
from ...selectors import year_evaluation


class Command(BaseCommand):
    help = "Write the year's evaluation (XLSX or PDF); sign the PDF if asked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=("xlsx", "pdf"), default="pdf")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--sign-with", help="a PKCS#12 file (.p12) holding the signer's key")
        parser.add_argument(
            "--passphrase-env", help="the environment variable holding the key's passphrase"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sign_with"] and options["format"] != "pdf":
            raise CommandError("--sign-with signs a PDF: use --format pdf")
        try:
            evaluation = year_evaluation(options["year"], timezone.localdate())
        except Http404:
            raise CommandError(f"--year: {options['year']} has not begun") from None
        if evaluation.scheme is None:
            raise CommandError(f"no band scheme in force on {evaluation.as_of}: run load_bands")
        if options["format"] == "xlsx":
            content = evaluation_xlsx(evaluation)
        else:
            content = evaluation_pdf(evaluation)
            if options["sign_with"]:
                content = self._signed(content, Path(options["sign_with"]), options)
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stdout.write(
            f"{output}: {evaluation.year} as of {evaluation.as_of.isoformat()}, "
            f"scheme {evaluation.scheme.version}, {len(evaluation.sheets)} sheets"
        )

    @staticmethod
    def _signed(pdf: bytes, key: Path, options: dict[str, Any]) -> bytes:
        variable = options["passphrase_env"]
        if variable and variable not in os.environ:
            raise CommandError(f"--passphrase-env: {variable} is not set")
        passphrase = os.environ[variable].encode() if variable else None
        if not key.is_file():
            raise CommandError(f"--sign-with: no file {key}")
        try:
            return sign_pdf(pdf, key, passphrase, reason="Kết quả đánh giá, xếp loại năm")
        except (ValueError, OSError) as exc:
            raise CommandError(f"--sign-with: {exc}") from None
