"""Signing a PDF PAdES with the leader's own key, wherever that key lives.

The key never lives on the server. A leader signs on their own machine with:
- a token (a USB token or a smart card) through its vendor's PKCS#11 module: `Token`;
- a remote signing service speaking the Cloud Signature Consortium API (CSC v1), as
  remote-signing and SIM-signing providers offer: `RemoteService`;
- a PKCS#12 file, which stands in for both in the tests and the demo: `KeyFile`.

With a timestamp server (RFC 3161) the signature is PAdES B-T: a third party attests when it
was made, so it still dates the report once the signer's certificate has expired. Without one
it is B-B, dated only by the signer's own clock.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper

FIELD_NAME = "Signature1"


class SigningFailed(ValueError):
    """The key could not sign: the message says why, in words a signer can act on."""


@dataclass(frozen=True)
class KeyFile:
    """A PKCS#12 file (.p12) and its passphrase."""

    path: Path
    passphrase: bytes | None


@dataclass(frozen=True)
class Token:
    """A key on a PKCS#11 token: the vendor's module, the token's label, the key's label and
    the user PIN. The certificate is read from the token unless a file is given (some tokens
    keep it apart)."""

    module: Path
    token_label: str
    key_label: str
    pin: str
    certificate: Path | None = None


@dataclass(frozen=True)
class RemoteService:
    """A credential at a CSC v1 service: its base URL (ending in `/csc/v1`), the credential's
    id, the OAuth bearer token the service issued to the signer and the PIN that authorises
    this signature (explicit authorisation, as SIM and remote-signing providers ask)."""

    url: str
    credential_id: str
    bearer_token: str
    pin: str


SigningKey = KeyFile | Token | RemoteService


def sign_pdf(pdf: bytes, key: SigningKey, *, reason: str, timestamp_url: str = "") -> bytes:
    """`pdf` signed PAdES with `key`: B-T when a timestamp server is given, B-B otherwise."""
    timestamper: TimeStamper | None = HTTPTimeStamper(timestamp_url) if timestamp_url else None
    return sign_pdf_stamped(pdf, key, reason=reason, timestamper=timestamper)


def sign_pdf_stamped(
    pdf: bytes, key: SigningKey, *, reason: str, timestamper: TimeStamper | None
) -> bytes:
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=SigSeedSubFilter.PADES, reason=reason
    )
    try:
        if isinstance(key, RemoteService):
            # Imported here: aiohttp and the CSC client load only where a service signs.
            from .remote_signing import sign_remotely

            return asyncio.run(sign_remotely(pdf, key, metadata, timestamper))
        signer = _key_file_signer(key) if isinstance(key, KeyFile) else None
        if isinstance(key, Token):
            return _sign_on_token(pdf, key, metadata, timestamper)
        assert signer is not None  # nosec B101 - KeyFile is the only case left
        return _sign(pdf, signer, metadata, timestamper)
    except SigningFailed:
        raise
    except Exception as exc:  # the library's and the token's own errors, said plainly
        raise SigningFailed(f"the signature could not be made: {exc}") from exc


def _sign(
    pdf: bytes,
    signer: signers.Signer,
    metadata: signers.PdfSignatureMetadata,
    timestamper: TimeStamper | None,
) -> bytes:
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        metadata,
        signer=signer,
        timestamper=timestamper,
        output=out,
    )
    return out.getvalue()


def _key_file_signer(key: KeyFile) -> signers.Signer:
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(key.path), passphrase=key.passphrase)
    if signer is None:
        raise SigningFailed("the key file could not be read (wrong passphrase?)")
    return signer


def _sign_on_token(
    pdf: bytes,
    key: Token,
    metadata: signers.PdfSignatureMetadata,
    timestamper: TimeStamper | None,
) -> bytes:
    # Imported here: python-pkcs11 loads only on the machine that signs with a token.
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    certificate = None
    if key.certificate is not None:
        certificate = x509.Certificate.load(_der(key.certificate.read_bytes()))
    with pkcs11.open_pkcs11_session(
        str(key.module), token_criteria=TokenCriteria(label=key.token_label), user_pin=key.pin
    ) as session:
        signer = pkcs11.PKCS11Signer(
            session,
            key_label=key.key_label,
            cert_label=None if certificate else key.key_label,
            signing_cert=certificate,
        )
        return _sign(pdf, signer, metadata, timestamper)


def _der(content: bytes) -> bytes:
    """A certificate as DER, whether the file holds DER or PEM."""
    from asn1crypto import pem

    if pem.detect(content):
        _, _, content = pem.unarmor(content)
    return content
