"""Checking a report file (`manage.py report_verify`, the verify page): its signatures (is the
file what was signed, who signed, is it signed whole) by pyHanko's validator, and its
embedded figures recomputed from the live data as of the report's day (`stated.differences`).
Trust in the signer's certificate needs the national CA's roots, which this check does not
hold: it says whether the signature is intact and whose it is, not whether the chain is
trusted."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from .documents.pdf import RECORD_NAME
from .stated import Difference, Value, differences, digest


class NotAReport(ValueError):
    """The file is no report this system wrote: the message says why."""


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    intact: bool  # the signed bytes are unchanged
    covers_all: bool  # nothing was added after signing but signatures and their data


@dataclass(frozen=True)
class Verification:
    as_of: date
    due_by: date
    digest: str
    signatures: list[SignatureCheck] = field(default_factory=list)
    changed: list[Difference] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        signed_well = all(check.intact and check.covers_all for check in self.signatures)
        return signed_well and not self.changed

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "digest": self.digest,
            "signatures": [check.__dict__ for check in self.signatures],
            "changed": [{"figure": d.name, "stated": d.stated, "now": d.now} for d in self.changed],
            "holds": self.holds,
        }


def embedded_file(reader: PdfFileReader, wanted: str) -> bytes | None:
    """The bytes of the file attached under the name `wanted`; None when there is none. Any
    signed document that carries its record (a report, a commitment) is read so."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        return None
    pairs = list(names)
    for name, spec in zip(pairs[::2], pairs[1::2], strict=False):
        if str(name) == wanted:
            return bytes(spec.get_object()["/EF"]["/F"].get_object().data)
    return None


def embedded_record(reader: PdfFileReader) -> dict[str, Value]:
    data = embedded_file(reader, RECORD_NAME)
    if data is None:
        raise NotAReport("the file carries no report figures")
    try:
        loaded = json.loads(data)
    except ValueError:
        raise NotAReport("the report figures cannot be read") from None
    if not _well_formed(loaded):
        raise NotAReport("the report figures cannot be read")
    return loaded


def _well_formed(loaded: Any) -> bool:
    """A record as `stated` writes it: names to numbers, words or nothing, with its days."""
    if not isinstance(loaded, dict):
        return False
    if not all(value is None or isinstance(value, int | str) for value in loaded.values()):
        return False
    try:
        date.fromisoformat(str(loaded.get("as_of")))
        date.fromisoformat(str(loaded.get("due_by")))
    except ValueError:
        return False
    return True


def _covers(status: PdfSignatureStatus) -> bool:
    """Signed whole, or followed only by what may follow a signature (more signatures, form
    filling, validation data) — never by a change to the content, such as another attached
    file of figures, which a reader would take for the signed one."""
    if status.coverage is None:
        return False
    if status.coverage.name == "ENTIRE_FILE":
        return True
    level = status.modification_level
    return (
        status.coverage.name == "ENTIRE_REVISION"
        and level is not None
        and level.value <= ModificationLevel.FORM_FILLING.value
    )


def signature_checks(reader: PdfFileReader) -> list[SignatureCheck]:
    """Each signature of the file: whose, intact, and whether it covers the file."""
    checks = []
    # No trust roots and no fetching: the chain is not judged here (see the module), and a
    # hostile file cannot make the server fetch its URLs.
    context = ValidationContext(trust_roots=[], allow_fetching=False)
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        checks.append(
            SignatureCheck(
                signer=status.signing_cert.subject.human_friendly,
                intact=bool(status.intact and status.valid),
                covers_all=_covers(status),
            )
        )
    return checks


@dataclass(frozen=True)
class SignedDocument:
    """A PDF as read for checking: the record attached under a name (None when it has none)
    and its signatures."""

    record: bytes | None
    signatures: list[SignatureCheck]


def read_signed(content: bytes, record_name: str) -> SignedDocument:
    """The attached record and the signatures of a PDF; NotAReport, with the reason, for a
    damaged or hostile file (never another exception)."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        return SignedDocument(embedded_file(reader, record_name), signature_checks(reader))
    except Exception as exc:  # a damaged or hostile file: said, never a crash
        raise NotAReport(f"the file is not a readable PDF ({type(exc).__name__})") from None


def verify_report(content: bytes) -> Verification:
    """The file's signatures and figures checked (see the module)."""
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        record = embedded_record(reader)
        signatures = signature_checks(reader)
    except NotAReport:
        raise
    except Exception as exc:  # a damaged or hostile file: said, never a crash
        raise NotAReport(f"the file is not a readable PDF ({type(exc).__name__})") from None
    return Verification(
        as_of=date.fromisoformat(str(record["as_of"])),
        due_by=date.fromisoformat(str(record["due_by"])),
        digest=digest(record),
        signatures=signatures,
        changed=differences(record),
    )
