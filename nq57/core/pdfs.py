"""Refusing PDFs that act when opened (JavaScript, actions on opening or on events,
launching programs), by a bounded scan of their bytes.

Why a scan suffices: an action is a dictionary whose keys are PDF names (/JavaScript, /JS,
/OpenAction, /AA, /Launch). A name is written either in the file's body as text, or inside
an object stream, which is compressed with Flate in practice. The scan decodes #-escaped
names, inflates every Flate stream within a budget, and refuses what it cannot see into:
object streams with any other filter, encrypted files, and files whose streams inflate past
the budget. A false alarm (an ordinary stream that happens to hold '/JS') refuses a file, it
never lets one through.
"""

from __future__ import annotations

import re
import zlib

from django.utils.translation import gettext as _

_ACTIVE = re.compile(rb"/(JavaScript|JS|OpenAction|AA|Launch)(?![A-Za-z0-9_.-])")
_ESCAPED = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
_FLATE_ONLY = re.compile(rb"/Filter\s*(/FlateDecode|\[\s*/FlateDecode\s*\])")
_INFLATE_BUDGET = 64 * 1024 * 1024


class ActivePdf(ValueError):
    """A PDF refused; the message says why."""


def _names(data: bytes) -> bytes:
    return _ESCAPED.sub(lambda match: bytes([int(match[1], 16)]), data)


def check_pdf(data: bytes) -> None:
    """Raise ActivePdf if the PDF holds active content or cannot be looked into."""
    if _ACTIVE.search(_names(data)):
        raise ActivePdf(_("PDF files with scripts or automatic actions are not accepted"))
    if re.search(rb"/Encrypt(?![A-Za-z])", data):
        raise ActivePdf(_("encrypted PDF files cannot be checked; send it without a password"))
    budget = _INFLATE_BUDGET
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        header = data[data.rfind(b"obj", 0, match.start()) + 3 : match.start()]
        if _OBJECT_STREAM.search(header) and not _FLATE_ONLY.search(header):
            raise ActivePdf(_("this PDF cannot be checked (unusual compression)"))
        inflated = _inflate(data[start:end], budget)
        if inflated is None:
            continue
        budget -= len(inflated)
        if budget < 0:
            raise ActivePdf(_("this PDF expands too much to be checked"))
        if _ACTIVE.search(_names(inflated)):
            raise ActivePdf(_("PDF files with scripts or automatic actions are not accepted"))


def _inflate(body: bytes, budget: int) -> bytes | None:
    """The stream inflated (at most `budget` + 1 bytes), None if it is not Flate data."""
    try:
        return zlib.decompressobj().decompress(body, max(budget, 0) + 1)
    except zlib.error:
        return None
