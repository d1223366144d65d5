"""The options every signing command shares (`progress_report`, `sign_pdf` and the other
documents' commands): which key signs, and the timestamp server. Secrets (passphrase, PIN,
bearer token) are read from environment variables the signer names, never from the command
line, where the shell's history and the process list would keep them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from .signing import KeyFile, RemoteService, SigningFailed, SigningKey, Token, sign_pdf


def add_signing_arguments(parser: CommandParser) -> None:
    group = parser.add_argument_group("signing (the key stays on the signer's side)")
    group.add_argument("--sign-with", help="a PKCS#12 file (.p12) holding the signer's key")
    group.add_argument(
        "--passphrase-env", help="the environment variable holding the key file's passphrase"
    )
    group.add_argument("--pkcs11-module", help="the token's PKCS#11 module (a .so file)")
    group.add_argument("--token-label", help="the token's label")
    group.add_argument("--key-label", help="the signing key's label on the token")
    group.add_argument("--certificate", help="the signer's certificate, if not on the token")
    group.add_argument("--csc-url", help="a remote signing service's CSC API (…/csc/v1)")
    group.add_argument("--credential-id", help="the signer's credential at that service")
    group.add_argument("--token-env", help="the environment variable holding the bearer token")
    group.add_argument("--pin-env", help="the environment variable holding the PIN")
    group.add_argument(
        "--timestamp-url",
        help="an RFC 3161 timestamp server (PAdES B-T); default NQ57_TIMESTAMP_URL",
    )


def timestamp_url(options: dict[str, Any]) -> str:
    return str(options.get("timestamp_url") or settings.NQ57_TIMESTAMP_URL)


KEY_OPTIONS = ("sign_with", "pkcs11_module", "csc_url")


def names_a_key(options: dict[str, Any]) -> bool:
    return any(options.get(name) for name in KEY_OPTIONS)


def signing_key(options: dict[str, Any]) -> SigningKey | None:
    """The key the options name, or None when they name none; a CommandError naming the
    option when they name it incompletely."""
    chosen = [name for name in KEY_OPTIONS if options.get(name)]
    if len(chosen) > 1:
        raise CommandError("sign with one of --sign-with, --pkcs11-module or --csc-url")
    if not chosen:
        return None
    if options.get("sign_with"):
        path = Path(options["sign_with"])
        if not path.is_file():
            raise CommandError(f"--sign-with: no file {path}")
        variable = options.get("passphrase_env")
        passphrase = _secret(variable, "--passphrase-env").encode() if variable else None
        return KeyFile(path, passphrase)
    if options.get("pkcs11_module"):
        module = Path(options["pkcs11_module"])
        if not module.is_file():
            raise CommandError(f"--pkcs11-module: no file {module}")
        certificate = Path(options["certificate"]) if options.get("certificate") else None
        if certificate is not None and not certificate.is_file():
            raise CommandError(f"--certificate: no file {certificate}")
        return Token(
            module=module,
            token_label=_required(options, "token_label", "--token-label"),
            key_label=_required(options, "key_label", "--key-label"),
            pin=_secret(_required(options, "pin_env", "--pin-env"), "--pin-env"),
            certificate=certificate,
        )
    return RemoteService(
        url=str(options["csc_url"]),
        credential_id=_required(options, "credential_id", "--credential-id"),
        bearer_token=_secret(_required(options, "token_env", "--token-env"), "--token-env"),
        pin=_secret(_required(options, "pin_env", "--pin-env"), "--pin-env"),
    )


def _required(options: dict[str, Any], name: str, option: str) -> str:
    if not options.get(name):
        raise CommandError(f"{option} is required with this key")
    return str(options[name])


def _secret(variable: str, option: str) -> str:
    if variable not in os.environ:
        raise CommandError(f"{option}: {variable} is not set")
    return os.environ[variable]


def signed_as_asked(pdf: bytes, options: dict[str, Any], *, reason: str) -> bytes:
    """`pdf` signed with the key the options name (B-T with a timestamp server), or as it
    is when they name none; a CommandError says why a signature could not be made."""
    key = signing_key(options)
    if key is None:
        return pdf
    try:
        return sign_pdf(pdf, key, reason=reason, timestamp_url=timestamp_url(options))
    except SigningFailed as exc:
        raise CommandError(str(exc)) from None
