"""The commitment as PDF, signed off the server with a PKCS#12 key and uploaded: accepted
only when every signature holds, covers the file and the record is the commitment's; any
other file refused with its reason, nothing kept."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from nq57.commitments.documents import commitment_pdf
from nq57.commitments.models import Commitment
from nq57.commitments.record import with_links
from nq57.commitments.services import commitment_sign
from nq57.core.actors import SYSTEM
from nq57.core.errors import ValidationFailed
from nq57.core.models import AuditEvent
from nq57.registry.models import Database
from nq57.reports.demo_key import write_demo_key
from nq57.reports.documents.pdf import sign_pdf

pytestmark = pytest.mark.django_db
PASSPHRASE = "mat-khau-thu"


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return write_demo_key(tmp_path / "lanh-dao.p12", PASSPHRASE.encode(), name="Nguyễn Mạnh Hùng")


@pytest.fixture
def commitment(make_commitment: Callable[..., Commitment], database: Database) -> Commitment:
    return make_commitment(databases="CSDL-KHCN; formed")


def pdf_of(commitment: Commitment) -> bytes:
    return commitment_pdf(with_links(Commitment.objects.filter(pk=commitment.pk)).get())


def refused(commitment: Commitment, content: bytes) -> str:
    with pytest.raises(ValidationFailed) as caught:
        commitment_sign(SYSTEM, commitment=commitment, content=content)
    commitment.refresh_from_db()
    assert not commitment.is_signed
    return caught.value.fields["file"][0]


def test_signed_with_the_command_and_accepted(
    commitment: Commitment, key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PASS", PASSPHRASE)
    downloaded, signed = tmp_path / "cam-ket.pdf", tmp_path / "da-ky.pdf"
    downloaded.write_bytes(pdf_of(commitment))
    call_command(  # on the leader's machine: the downloaded PDF signed as it is
        "sign_pdf",
        str(downloaded),
        "--output",
        str(signed),
        "--sign-with",
        str(key),
        "--passphrase-env",
        "PASS",
        stdout=io.StringIO(),
    )
    commitment_sign(SYSTEM, commitment=commitment, content=signed.read_bytes())
    commitment.refresh_from_db()
    assert commitment.is_signed
    assert commitment.signer_name == "Nguyễn Mạnh Hùng"
    assert commitment.signed_at is not None
    with commitment.signed_file.open("rb") as stored:
        assert stored.read() == signed.read_bytes()
    assert AuditEvent.objects.filter(event="commitment.signed", subject_id=commitment.pk).exists()


def test_made_and_signed_by_number(
    commitment: Commitment, key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PASS", PASSPHRASE)
    signed = tmp_path / "da-ky.pdf"
    call_command(
        "commitment_pdf",
        str(commitment.pk),
        "--output",
        str(signed),
        "--sign-with",
        str(key),
        "--passphrase-env",
        "PASS",
        stdout=io.StringIO(),
    )
    commitment_sign(SYSTEM, commitment=commitment, content=signed.read_bytes())


def test_unsigned_refused(commitment: Commitment) -> None:
    assert "not signed" in refused(commitment, pdf_of(commitment))


def test_not_a_pdf_refused(commitment: Commitment) -> None:
    assert "not a PDF" in refused(commitment, b"GIF89a not at all")
    assert "cannot be accepted" in refused(commitment, b"%PDF-1.7\n garbage \x00\xff")


def test_another_commitments_file_refused(
    commitment: Commitment, make_commitment: Callable[..., Commitment], key: Path
) -> None:
    other = make_commitment(databases="CSDL-KHCN; deploying")
    signed = sign_pdf(pdf_of(other), key, PASSPHRASE.encode(), reason="x")
    assert "not this commitment" in refused(commitment, signed)


def test_a_file_changed_after_signing_refused(commitment: Commitment, key: Path) -> None:
    signed = sign_pdf(pdf_of(commitment), key, PASSPHRASE.encode(), reason="x")
    # Another revision adding content after the signature.
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Lang"] = writer.root.get("/Lang", "vi")
    from pyhanko.pdf_utils import generic

    writer.root["/Extra"] = generic.NameObject("/Changed")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    message = refused(commitment, out.getvalue())
    assert "whole file" in message or "broken" in message


def test_a_tampered_byte_refused(commitment: Commitment, key: Path) -> None:
    signed = bytearray(sign_pdf(pdf_of(commitment), key, PASSPHRASE.encode(), reason="x"))
    at = signed.find(b"/Type /Page")
    signed[at + 1 : at + 5] = b"Typf"
    message = refused(commitment, bytes(signed))
    assert message  # a clear reason, never a crash


def test_the_commitment_changed_after_the_file_was_made_refused(
    commitment: Commitment, key: Path
) -> None:
    signed = sign_pdf(pdf_of(commitment), key, PASSPHRASE.encode(), reason="x")
    Commitment.objects.filter(pk=commitment.pk).update(what="Một cam kết khác.")
    assert "not this commitment" in refused(commitment, signed)


def test_a_signed_commitment_cannot_be_edited(commitment: Commitment, key: Path) -> None:
    from nq57.commitments.links import parse_links
    from nq57.commitments.services import commitment_edit
    from nq57.core.errors import InvalidTransition

    commitment_sign(
        SYSTEM,
        commitment=commitment,
        content=sign_pdf(pdf_of(commitment), key, PASSPHRASE.encode(), reason="x"),
    )
    with pytest.raises(InvalidTransition):
        commitment_edit(
            SYSTEM,
            commitment=commitment,
            what="Khác",
            committed_on=commitment.committed_on,
            due_on=commitment.due_on,
            links=parse_links(SYSTEM, databases="CSDL-KHCN"),
        )
