"""manage.py progress_report --as-of D [--due-by E] --format pdf|docx|xlsx --output FILE
[--sign-with KEY.p12 --passphrase-env VAR]: the steering committee's progress report as of a
day, in Vietnamese, its figures embedded (PDF) and the PDF signed when a key is given."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.core.dates import parse_day
from nq57.reports.documents.office import report_docx, report_xlsx
from nq57.reports.documents.pdf import report_pdf, sign_pdf
from nq57.reports.documents.text import report_text
from nq57.reports.sections import report_figures
from nq57.reports.stated import digest, stated

FORMATS = ("pdf", "docx", "xlsx")


class Command(BaseCommand):
    help = "Write the progress report as of a day (PDF, DOCX or XLSX); sign the PDF if asked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD or DD/MM/YYYY")
        parser.add_argument("--due-by", help="the day remaining work is counted to (year end)")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--sign-with", help="a PKCS#12 file (.p12) holding the signer's key")
        parser.add_argument(
            "--passphrase-env", help="the environment variable holding the key's passphrase"
        )
        parser.add_argument("--number", default="", help='the document number ("Số: 12/BC-BCĐ")')
        parser.add_argument("--signer-name", default="")
        parser.add_argument("--signer-title", default="TRƯỞNG BAN")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = self._day(options["as_of"], "--as-of")
        due_by = self._day(options["due_by"], "--due-by") if options["due_by"] else None
        if options["sign_with"] and options["format"] != "pdf":
            raise CommandError("--sign-with signs a PDF: use --format pdf")
        figures = report_figures(as_of, due_by)
        record = stated(figures)
        text = report_text(
            figures,
            number=options["number"],
            signer_title=options["signer_title"],
            signer_name=options["signer_name"],
        )
        if options["format"] == "docx":
            content = report_docx(text)
        elif options["format"] == "xlsx":
            content = report_xlsx(text, record)
        else:
            content = report_pdf(text, record)
            if options["sign_with"]:
                content = self._signed(content, Path(options["sign_with"]), options)
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stdout.write(f"{output}: as of {as_of.isoformat()}, figures {digest(record)}")

    @staticmethod
    def _day(text: str, option: str) -> Any:
        try:
            return parse_day(text)
        except ValueError as exc:
            raise CommandError(f"{option}: {exc}") from None

    @staticmethod
    def _signed(pdf: bytes, key: Path, options: dict[str, Any]) -> bytes:
        variable = options["passphrase_env"]
        passphrase = os.environ.get(variable, "").encode() if variable else None
        if variable and variable not in os.environ:
            raise CommandError(f"--passphrase-env: {variable} is not set")
        if not key.is_file():
            raise CommandError(f"--sign-with: no file {key}")
        try:
            return sign_pdf(pdf, key, passphrase, reason="Báo cáo tình hình thực hiện NQ57")
        except (ValueError, OSError) as exc:
            raise CommandError(f"--sign-with: {exc}") from None
