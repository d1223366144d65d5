"""Looking inside a zip archive (XLSX, DOCX, PPTX, ODT, ODS) before anything opens it:
its declared sizes bound what reading it can cost, and it must carry no program."""

from __future__ import annotations

import re
import zipfile
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

# Smaller members may be as repetitive as they like: a ratio matters only past this size.
_RATIO_FROM_BYTES = 1024 * 1024
_EXECUTABLE_NAMES = re.compile(
    r"(?i)(\.(exe|dll|scr|com|bat|cmd|msi|ps1|vbs|vbe|js|jse|wsf|hta|jar|cpl|lnk)$"
    r"|vbaproject\.bin|vbadata\.xml|oleobject|activex|(^|/)macros/|(^|/)basic/)"
)


class UnsafeArchive(ValueError):
    """A zip archive refused before it is opened; the message says why."""


def inspect_zip(stream: IO[bytes], *, executables: bool = False) -> None:
    """Refuse a corrupt archive, one that would expand beyond NQ57_ZIP_MAX_BYTES in all or
    by more than NQ57_ZIP_MAX_RATIO times in one member (a zip bomb), one of too many
    members, and with `executables` one that carries a program or macros. zipfile never
    inflates a member past its declared size, so the declared sizes bound the real cost."""
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            _check_sizes(members)
            if executables:
                _check_programs(archive, members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, UnsafeArchive):
            raise
        raise UnsafeArchive(_("the file is damaged or not a valid workbook/document")) from None
    finally:
        stream.seek(position)


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > settings.NQ57_ZIP_MAX_MEMBERS:
        raise UnsafeArchive(_("the file holds too many parts"))
    total = sum(member.file_size for member in members)
    too_big = total > settings.NQ57_ZIP_MAX_BYTES
    if too_big or any(_ratio_too_high(member) for member in members):
        raise UnsafeArchive(_("the file expands to far more than its size (a zip bomb?)"))


def _ratio_too_high(member: zipfile.ZipInfo) -> bool:
    if member.file_size <= _RATIO_FROM_BYTES:
        return False
    return member.file_size > settings.NQ57_ZIP_MAX_RATIO * max(member.compress_size, 1)


def _check_programs(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    for member in members:
        if _EXECUTABLE_NAMES.search(member.filename):
            raise UnsafeArchive(_("the file carries a program or macros"))
        if member.is_dir() or member.file_size < 2:
            continue
        with archive.open(member) as part:
            if part.read(2) == b"MZ":  # a Windows program, whatever its name
                raise UnsafeArchive(_("the file carries a program or macros"))
