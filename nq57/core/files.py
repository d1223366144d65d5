"""Checking uploaded files by their content, not their name."""

from __future__ import annotations

import re
import socket
import struct
import unicodedata
from typing import IO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .archives import UnsafeArchive, inspect_zip
from .errors import ValidationFailed
from .pdfs import ActivePdf, check_pdf

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
_NAME_MAX = 120
_ZIPPED = frozenset({"docx", "xlsx", "pptx", "odt", "ods"})
_OLE = frozenset({"doc", "xls"})
# Extensions a name may carry for a type, beyond the one EVIDENCE_TYPES gives.
_ALSO_CALLED = {"jpg": {"jpeg", "jpe"}}
# Markup a browser would render: in the first kilobyte of a PDF or picture, a polyglot.
_MARKUP = re.compile(rb"(?i)<\s*(html|script|!doctype|svg|body|iframe|object|embed)")
_PROGRAM = re.compile(
    rb"This program cannot be run in DOS mode|_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J"
    rb"|_VBA_PROJECT|O\x00l\x00e\x001\x000\x00N\x00a\x00t\x00i\x00v\x00e|Ole10Native"
)


def _name_character(ch: str) -> str:
    """Control, format and line-separating characters go; other spaces become a space."""
    category = unicodedata.category(ch)
    if category[0] == "C" or category in ("Zl", "Zp"):
        return ""
    return " " if category == "Zs" else ch


def safe_name(name: str) -> str:
    """A file name fit to store and show: no directories, NUL, control characters or
    leading dots, at most 120 characters with its extension kept; 'file' when nothing
    remains."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(_name_character(ch) for ch in name)
    name = name.strip().lstrip(".").strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, dot, extension = name, "", ""
    stem = stem[: _NAME_MAX - len(dot) - len(extension)].rstrip()
    return (stem + dot + extension) if stem else "file" + dot + extension


def _refuse(field: str, name: str, reason: str) -> ValidationFailed:
    message = _("%(name)s was refused: %(reason)s.") % {"name": name, "reason": reason}
    return ValidationFailed(message, fields={field: [message]})


def sniff_type(upload: IO[bytes], *, field: str, allowed: dict[str, str] | None = None) -> str:
    """The MIME type the content shows; raises ValidationFailed if the file is too big, of
    a type not allowed or other than its name says, a polyglot, an active PDF, an archive
    that would expand too far or an Office file carrying a program. Gives the upload a safe
    name (`safe_name`)."""
    allowed = EVIDENCE_TYPES if allowed is None else allowed
    name = safe_name(getattr(upload, "name", "") or "file")
    if hasattr(upload, "name"):
        upload.name = name  # type: ignore[misc]
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
    data = upload.read(limit + 1)
    upload.seek(position)
    kind = filetype.guess(data[:_SNIFF_BYTES] if data[:2] != b"PK" else data)
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
    _check_content(upload, data, allowed[kind.mime], name=name, field=field)
    return str(kind.mime)


def _check_content(
    upload: IO[bytes], data: bytes, extension: str, *, name: str, field: str
) -> None:
    """What the type allows of the content: see `sniff_type`."""
    given = name.rpartition(".")[2].lower() if "." in name else extension
    if given != extension and given not in _ALSO_CALLED.get(extension, ()):
        raise _refuse(field, name, _("the content is not what the file name says"))
    if extension not in _ZIPPED and _MARKUP.search(data[:1024]):
        raise _refuse(field, name, _("the file also holds web page markup"))
    if extension in _OLE and _PROGRAM.search(data):
        raise _refuse(field, name, _("the file carries a program or macros"))
    if extension == "pdf":
        try:
            check_pdf(data)
        except ActivePdf as exc:
            raise _refuse(field, name, str(exc)) from None
    if extension in _ZIPPED:
        try:
            inspect_zip(upload, executables=True)
        except UnsafeArchive as exc:
            raise _refuse(field, name, str(exc)) from None


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
