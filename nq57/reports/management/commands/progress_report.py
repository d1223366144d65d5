"""manage.py progress_report --as-of D [--due-by E] --format pdf|docx|xlsx --output FILE
[--sign-with KEY.p12 --passphrase-env VAR]: the steering committee's progress report as of a
day, in Vietnamese, its figures embedded (PDF) and the PDF signed when a key is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.core.dates import parse_day
from nq57.reports.documents.office import report_docx, report_xlsx
from nq57.reports.documents.pdf import report_pdf
from nq57.reports.documents.text import report_text
from nq57.reports.sections import report_figures
from nq57.reports.signing_options import (
    add_signing_arguments,
    names_a_key,
    signed_as_asked,
    signing_key,
)
from nq57.reports.stated import digest, stated

FORMATS = ("pdf", "docx", "xlsx")
SIGNING_REASON = "Báo cáo tình hình thực hiện NQ57"


class Command(BaseCommand):
    help = "Write the progress report as of a day (PDF, DOCX or XLSX); sign the PDF if asked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD or DD/MM/YYYY")
        parser.add_argument("--due-by", help="the day remaining work is counted to (year end)")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--number", default="", help='the document number ("Số: 12/BC-BCĐ")')
        parser.add_argument("--signer-name", default="")
        parser.add_argument("--signer-title", default="TRƯỞNG BAN")
        add_signing_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = self._day(options["as_of"], "--as-of")
        due_by = self._day(options["due_by"], "--due-by") if options["due_by"] else None
        if names_a_key(options) and options["format"] != "pdf":
            raise CommandError("a signature is made on a PDF: use --format pdf")
        signing_key(options)  # a key named incompletely is said before any work
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
            content = signed_as_asked(content, options, reason=SIGNING_REASON)
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
