"""Text normalisation shared by organisation look-up and accent-insensitive search."""

from __future__ import annotations

import unicodedata

# đ/Đ are letters of their own, not a d with a combining mark, so NFD does not split them.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})
# Every combining mark Vietnamese uses lies in U+0300–U+036F; translate() drops them in C.
_COMBINING_MARKS = dict.fromkeys(range(0x300, 0x370))


def name_key(value: str) -> str:
    """Key for exact name look-up: Unicode NFC, case-folded, outer and repeated spaces removed."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def fold_accents(value: str) -> str:
    """Lower-case text with Vietnamese diacritics removed: 'Chuyển đổi số' -> 'chuyen doi so'."""
    lowered = value.translate(_EXTRA_FOLDS).casefold()
    stripped = unicodedata.normalize("NFD", lowered).translate(_COMBINING_MARKS)
    return " ".join(stripped.split())
