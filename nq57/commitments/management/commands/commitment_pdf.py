"""manage.py commitment_pdf ID --output F [--sign-with KEY.p12 --passphrase-env VAR]: a
commitment as its PDF, signed PAdES when a key is given; or, on the leader's own machine,
manage.py commitment_pdf --input DOWNLOADED.pdf --output F --sign-with KEY.p12: the PDF
downloaded from the commitment's page signed as it is (no database needed). The key never
goes to the server: the signed file is uploaded on the commitment's page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.commitments.documents import commitment_pdf
from nq57.commitments.models import Commitment
from nq57.commitments.record import with_links
from nq57.reports.documents.pdf import sign_pdf

REASON = "Cam kết thực hiện Nghị quyết số 57-NQ/TW"


class Command(BaseCommand):
    help = "Write a commitment as PDF, or sign a downloaded one, with a PKCS#12 key if given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("id", nargs="?", type=int, help="the commitment's number")
        parser.add_argument("--input", help="a commitment PDF downloaded from its page, to sign")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--sign-with", help="a PKCS#12 file (.p12) holding the signer's key")
        parser.add_argument(
            "--passphrase-env", help="the environment variable holding the key's passphrase"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if (options["id"] is None) == (options["input"] is None):
            raise CommandError("give a commitment's number or --input FILE, one of the two")
        if options["input"]:
            if not options["sign_with"]:
                raise CommandError("--input signs a downloaded PDF: give --sign-with KEY.p12")
            try:
                content = Path(options["input"]).read_bytes()
            except OSError as exc:
                raise CommandError(f"--input: {exc.strerror}") from None
        else:
            found = with_links(Commitment.objects.filter(pk=options["id"])).first()
            if found is None:
                raise CommandError(f"no commitment {options['id']}")
            content = commitment_pdf(found)
        if options["sign_with"]:
            content = self._signed(content, Path(options["sign_with"]), options)
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        signed = " (signed)" if options["sign_with"] else ""
        self.stdout.write(f"{output}: commitment{signed}")

    @staticmethod
    def _signed(pdf: bytes, key: Path, options: dict[str, Any]) -> bytes:
        variable = options["passphrase_env"]
        passphrase = os.environ.get(variable, "").encode() if variable else None
        if variable and variable not in os.environ:
            raise CommandError(f"--passphrase-env: {variable} is not set")
        if not key.is_file():
            raise CommandError(f"--sign-with: no file {key}")
        try:
            return sign_pdf(pdf, key, passphrase, reason=REASON)
        except (ValueError, OSError) as exc:
            raise CommandError(f"--sign-with: {exc}") from None
