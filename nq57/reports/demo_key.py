"""A signing key for the demo and the tests: a self-signed certificate and its key in a
PKCS#12 file, made on the spot. A leader signs with their own token (PKCS#11) or a remote
signing service; this file only stands in for one, and is never a production key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def write_demo_key(path: Path, passphrase: bytes, *, name: str = "Nguyễn Văn An") -> Path:
    key, certificate = demo_identity(name)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"nq57-demo", key, certificate, None, BestAvailableEncryption(passphrase)
        )
    )
    return path


def demo_identity(
    name: str, *, timestamping: bool = False
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A key and its self-signed certificate; `timestamping` makes it a timestamp server's
    (the certificate then says so, as RFC 3161 requires)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NQ57 demo (not a real signer)"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return key, builder.sign(key, hashes.SHA256())
