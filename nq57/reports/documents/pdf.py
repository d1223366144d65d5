"""The report as PDF: its words laid out by WeasyPrint, the record of its figures embedded as
`figures.json` (what `report_verify` recomputes), and, when a key is given, signed PAdES
by pyHanko (`signing`). The leader's key never lives on the server: the commands sign on the
signer's own machine with a token, a remote service or (in the tests and the demo) a PKCS#12
file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from ..stated import Value, canonical, digest
from .text import ReportText

RECORD_NAME = "figures.json"


def report_pdf(text: ReportText, record: dict[str, Value]) -> bytes:
    # Imported here: WeasyPrint parses its own style sheets (and logs doing so) when first
    # imported, which every process that loads the URLs would otherwise pay at start-up.
    from weasyprint import HTML, Attachment

    html = render_to_string("reports/report.html", {"text": text, "digest": digest(record)})
    attachment = Attachment(string=canonical(record).decode(), base_url=None, name=RECORD_NAME)
    return bytes(HTML(string=html).write_pdf(attachments=[attachment]))


def sign_pdf(pdf: bytes, key_file: Path, passphrase: bytes | None, *, reason: str) -> bytes:
    """`pdf` signed PAdES with the key and certificate of a PKCS#12 file (B-T when a timestamp
    server is configured): what the tests and the demo sign with. A token or a remote service
    signs through `signing.sign_pdf`."""
    from .. import signing  # pyHanko: loaded when a file is signed, not with the URLs

    return signing.sign_pdf(
        pdf,
        signing.KeyFile(key_file, passphrase),
        reason=reason,
        timestamp_url=settings.NQ57_TIMESTAMP_URL,
    )
