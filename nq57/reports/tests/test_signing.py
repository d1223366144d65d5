"""The leader's key, wherever it lives, signs the report so that pyHanko and poppler's pdfsig
find the signature valid: a token through PKCS#11 (SoftHSM, a real PKCS#11 token in
software), a remote service through the CSC API, and a key file; with a timestamp server the
signature is PAdES B-T. The server never holds the key: `sign_pdf` runs on the signer's
side."""

from __future__ import annotations

import io
import os
import subprocess  # nosec B404  # SoftHSM's and poppler's tools, on files the test wrote
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from nq57.reports.demo_key import demo_identity, write_demo_key
from nq57.reports.verify import verify_report

from .signing_services import CscService, as_asn1, csc_server, timestamp_server

pytestmark = pytest.mark.django_db
SOFTHSM_MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN_LABEL = "nq57-lanh-dao"
KEY_LABEL = "ky-so"
PIN = "123456"  # nosec B105  # the test token's PIN


@pytest.fixture
def unsigned(tmp_path: Path) -> Path:
    out = tmp_path / "bao-cao.pdf"
    call_command("progress_report", "--as-of", "2025-12-04", "--output", str(out))
    return out


def sign(unsigned: Path, *options: str) -> Path:
    out = unsigned.with_name("da-ky.pdf")
    call_command("sign_pdf", str(unsigned), "--output", str(out), *options, stdout=io.StringIO())
    return out


def pdfsig_says_valid(path: Path) -> bool:
    checked = subprocess.run(  # nosec B603 B607  # a fixed command on the test's own file
        ["pdfsig", str(path)], capture_output=True, text=True, check=False
    )
    return "Signature Validation: Signature is Valid." in checked.stdout


def only_signature_status(path: Path) -> object:
    reader = PdfFileReader(io.BytesIO(path.read_bytes()))
    [embedded] = reader.embedded_signatures
    return validate_pdf_signature(embedded, ValidationContext(trust_roots=[], allow_fetching=False))


def test_a_key_file_signs_b_b_and_with_a_timestamp_server_b_t(
    unsigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = write_demo_key(unsigned.with_name("khoa.p12"), b"mat-khau")
    monkeypatch.setenv("NQ57_TEST_PASSPHRASE", "mat-khau")
    options = ("--sign-with", str(key), "--passphrase-env", "NQ57_TEST_PASSPHRASE")

    basic = sign(unsigned, *options)
    assert only_signature_status(basic).timestamp_validity is None  # type: ignore[attr-defined]

    with timestamp_server() as url:
        stamped = sign(unsigned, *options, "--timestamp-url", url)
    status = only_signature_status(stamped)
    assert status.timestamp_validity is not None  # type: ignore[attr-defined]
    assert status.timestamp_validity.intact  # type: ignore[attr-defined]
    assert pdfsig_says_valid(stamped)
    assert verify_report(stamped.read_bytes()).holds


def test_an_unreachable_timestamp_server_is_said_and_nothing_is_written(
    unsigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = write_demo_key(unsigned.with_name("khoa.p12"), b"mat-khau")
    monkeypatch.setenv("NQ57_TEST_PASSPHRASE", "mat-khau")
    with timestamp_server() as url:
        gone = url  # the server stops when the block ends
    with pytest.raises(CommandError, match="could not be made"):
        sign(
            unsigned,
            "--sign-with",
            str(key),
            "--passphrase-env",
            "NQ57_TEST_PASSPHRASE",
            "--timestamp-url",
            gone,
        )
    assert not unsigned.with_name("da-ky.pdf").exists()


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SoftHSM token holding a leader's key; yields the certificate's file. SoftHSM reads
    its configuration when the module is first loaded in the process, so the token lives for
    the module."""
    place = tmp_path_factory.mktemp("softhsm")
    (place / "tokens").mkdir()
    config = place / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {place / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(config)
    key, certificate = demo_identity("Trần Thị Bình")
    key_file = place / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    for arguments in (
        ["--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PIN, "--so-pin", "654321"],
        [
            "--import",
            str(key_file),
            "--token",
            TOKEN_LABEL,
            "--label",
            KEY_LABEL,
            "--id",
            "01",
            "--pin",
            PIN,
        ],
    ):
        subprocess.run(  # nosec B603 B607  # SoftHSM's tool on the test's own directory
            ["softhsm2-util", *arguments], check=True, capture_output=True
        )
    key_file.unlink()  # from here on the key is on the token only
    certificate_file = place / "cert.pem"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    yield certificate_file
    os.environ.pop("SOFTHSM2_CONF", None)


def test_a_token_signs_through_pkcs11(
    unsigned: Path, token: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NQ57_TEST_PIN", PIN)
    options = [
        "--pkcs11-module", str(SOFTHSM_MODULE), "--token-label", TOKEN_LABEL,
        "--key-label", KEY_LABEL, "--certificate", str(token), "--pin-env", "NQ57_TEST_PIN",
    ]  # fmt: skip
    signed = sign(unsigned, *options)
    assert pdfsig_says_valid(signed)
    result = verify_report(signed.read_bytes())
    assert result.holds
    assert "Trần Thị Bình" in result.signatures[0].signer

    monkeypatch.setenv("NQ57_TEST_PIN", "000000")
    with pytest.raises(CommandError, match="could not be made"):
        sign(unsigned, *options)


def test_a_remote_service_signs_through_the_csc_api(
    unsigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = CscService("Lê Văn Cường")
    monkeypatch.setenv("NQ57_TEST_TOKEN", service.bearer_token)
    monkeypatch.setenv("NQ57_TEST_PIN", service.pin)
    with csc_server(service) as url:
        options = [
            "--csc-url", url, "--credential-id", service.credential_id,
            "--token-env", "NQ57_TEST_TOKEN", "--pin-env", "NQ57_TEST_PIN",
        ]  # fmt: skip
        signed = sign(unsigned, *options)
        assert service.signed == 1
        monkeypatch.setenv("NQ57_TEST_PIN", "999999")
        with pytest.raises(CommandError, match="could not be made"):
            sign(unsigned, *options)
    assert service.signed == 1
    assert pdfsig_says_valid(signed)
    result = verify_report(signed.read_bytes())
    assert result.holds
    assert "Lê Văn Cường" in result.signatures[0].signer
    assert as_asn1(service.certificate).subject.human_friendly == result.signatures[0].signer


def test_signing_options_name_what_is_missing(
    unsigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = write_demo_key(unsigned.with_name("khoa.p12"), b"mat-khau")
    with pytest.raises(CommandError, match="one of"):
        sign(unsigned, "--sign-with", str(key), "--csc-url", "http://127.0.0.1:9/csc/v1")
    with pytest.raises(CommandError, match="--passphrase-env: NQ57_NOT_SET is not set"):
        sign(unsigned, "--sign-with", str(key), "--passphrase-env", "NQ57_NOT_SET")
    with pytest.raises(CommandError, match="--token-label is required"):
        sign(unsigned, "--pkcs11-module", str(SOFTHSM_MODULE))
    with pytest.raises(CommandError, match="name a key"):
        sign(unsigned)
    with pytest.raises(CommandError, match="use --format pdf"):
        call_command(
            "progress_report", "--as-of", "2025-12-04", "--format", "docx",
            "--output", str(unsigned.with_name("x.docx")), "--sign-with", str(key),
        )  # fmt: skip
