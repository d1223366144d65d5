"""Checking uploaded files by their content, not their name."""

from __future__ import annotations

import socket
import struct
from typing import IO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ValidationFailed

# Documents and pictures officials attach as evidence.
EVIDENCE_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}

_SNIFF_BYTES = 8192


def sniff_type(upload: IO[bytes], *, field: str, allowed: dict[str, str] | None = None) -> str:
    """The MIME type the content shows; raises ValidationFailed if too big or not allowed."""
    allowed = EVIDENCE_TYPES if allowed is None else allowed
    name = getattr(upload, "name", "file")
    size = getattr(upload, "size", None)
    limit = settings.NQ57_EVIDENCE_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationFailed(
            "file too large",
            fields={
                field: [
                    _("%(name)s is larger than %(mb)s MB.")
                    % {"name": name, "mb": limit // (1024 * 1024)}
                ]
            },
        )
    position = upload.tell()
    head = upload.read(_SNIFF_BYTES)
    upload.seek(position)
    # Office files are zip archives whose type shows only further in; give filetype the lot.
    if head[:2] == b"PK":
        head = upload.read()
        upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise ValidationFailed(
            "file type not allowed",
            fields={
                field: [
                    _("%(name)s: this type of file is not accepted (allowed: %(types)s).")
                    % {"name": name, "types": ", ".join(sorted(set(allowed.values())))}
                ]
            },
        )
    return str(kind.mime)


class VirusFound(ValidationFailed):
    """The scanner found something in a file."""


def scan_for_viruses(upload: IO[bytes], *, field: str) -> None:
    """Ask ClamAV (clamd's INSTREAM command over TCP, `NQ57_CLAMAV` = host:port) whether the
    file is clean; nothing when no scanner is configured. A scanner that cannot be reached
    refuses the file rather than let it through."""
    address = settings.NQ57_CLAMAV
    if not address:
        return
    host, _sep, port = address.rpartition(":")
    name = getattr(upload, "name", "file")
    position = upload.tell()
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=30) as conn:
            conn.sendall(b"zINSTREAM\0")
            while chunk := upload.read(64 * 1024):
                conn.sendall(struct.pack(">I", len(chunk)) + chunk)
            conn.sendall(struct.pack(">I", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                answer += part
    except OSError:
        message = _("%(name)s could not be checked for viruses; try again later.") % {"name": name}
        raise ValidationFailed(message, fields={field: [message]}) from None
    finally:
        upload.seek(position)
    verdict = answer.rstrip(b"\0").decode(errors="replace")
    if not verdict.endswith("OK"):
        message = _("%(name)s was refused by the virus scanner.") % {"name": name}
        raise VirusFound(message, fields={field: [message]})
