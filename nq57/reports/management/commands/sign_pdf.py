"""manage.py sign_pdf FILE --output OUT (--sign-with KEY.p12 | --pkcs11-module … | --csc-url …)
[--timestamp-url URL]: sign a document this system wrote (a report, a commitment, an
evaluation) on the signer's own machine, with the key wherever it lives. The server never
sees the key: the signed file is what is uploaded or sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.reports.signing import SigningFailed, sign_pdf
from nq57.reports.signing_options import add_signing_arguments, signing_key, timestamp_url


class Command(BaseCommand):
    help = "Sign a PDF PAdES with a key file, a token (PKCS#11) or a remote service (CSC)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the PDF to sign")
        parser.add_argument("--output", required=True, help="the signed PDF to write")
        parser.add_argument("--reason", default="Ký duyệt văn bản", help="the signature's reason")
        add_signing_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        key = signing_key(options)
        if key is None:
            raise CommandError("name a key: --sign-with, --pkcs11-module or --csc-url")
        source, output = Path(options["file"]), Path(options["output"])
        try:
            pdf = source.read_bytes()
        except OSError as exc:
            raise CommandError(f"{source}: {exc.strerror}") from None
        try:
            signed = sign_pdf(
                pdf, key, reason=options["reason"], timestamp_url=timestamp_url(options)
            )
        except SigningFailed as exc:
            raise CommandError(str(exc)) from None
        try:
            output.write_bytes(signed)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stdout.write(f"{output}: signed")
