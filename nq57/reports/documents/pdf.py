"""The report as PDF: its words laid out by WeasyPrint, the record of its figures embedded as
`figures.json` (what `report_verify` recomputes), and, when a key is given, signed PAdES
B-B by pyHanko. The leader's key never lives on the server: the command signs with a PKCS#12
file on the signer's own machine (or the demo's), and a token or remote service signs the
same bytes later."""

from __future__ import annotations

import io
from pathlib import Path

from django.template.loader import render_to_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter

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
    """`pdf` signed PAdES B-B with the key and certificate of a PKCS#12 file."""
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(key_file), passphrase=passphrase)
    if signer is None:
        raise ValueError("the key file could not be read (wrong passphrase?)")
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature1", subfilter=SigSeedSubFilter.PADES, reason=reason
    )
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=signer, output=out)
    return out.getvalue()
