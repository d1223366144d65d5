"""manage.py commitment_pdf ID --output F [--sign-with KEY.p12 --passphrase-env VAR | a token
or a remote service, as `sign_pdf` takes them]: a commitment as its PDF, signed PAdES when a
key is given. On the leader's own machine, `manage.py sign_pdf DOWNLOADED.pdf` signs the PDF
downloaded from the commitment's page. The key never goes to the server: the signed file is
uploaded on the commitment's page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.commitments.documents import commitment_pdf
from nq57.commitments.models import Commitment
from nq57.commitments.record import with_links
from nq57.reports.signing_options import (
    add_signing_arguments,
    names_a_key,
    signed_as_asked,
    signing_key,
)

REASON = "Cam kết thực hiện Nghị quyết số 57-NQ/TW"


class Command(BaseCommand):
    help = "Write a commitment as PDF, signed if a key is given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("id", type=int, help="the commitment's number")
        parser.add_argument("--output", required=True, help="the file to write")
        add_signing_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        signing_key(options)  # a key named incompletely is said before any work
        found = with_links(Commitment.objects.filter(pk=options["id"])).first()
        if found is None:
            raise CommandError(f"no commitment {options['id']}")
        content = signed_as_asked(commitment_pdf(found), options, reason=REASON)
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        signed = " (signed)" if names_a_key(options) else ""
        self.stdout.write(f"{output}: commitment{signed}")
