"""Text normalisation shared by organisation look-up and accent-insensitive search."""

from __future__ import annotations

import unicodedata

# đ/Đ are letters of their own, not a d with a combining mark, so NFD does not split them.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def name_key(value: str) -> str:
    """Key for exact name look-up: Unicode NFC, case-folded, outer and repeated spaces removed."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def fold_accents(value: str) -> str:
    """Lower-case text with Vietnamese diacritics removed: 'Chuyển đổi số' -> 'chuyen doi so'."""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
