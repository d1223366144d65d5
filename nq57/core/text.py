"""Text normalisation shared by organisation look-up and accent-insensitive search."""

from __future__ import annotations

import re
import unicodedata

# đ/Đ are letters of their own, not a d with a combining mark, so NFD does not split them.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})
# Every combining mark Vietnamese uses lies in U+0300–U+036F; translate() drops them in C.
_COMBINING_MARKS = dict.fromkeys(range(0x300, 0x370))


# Vietnamese writes the tone of a final "oa", "oe", "uy" on either vowel: "hoá" and "hóa",
# "Khánh Hoà" and "Khánh Hòa" are the same name. In decomposed form the tone follows its vowel;
# moving it to the first vowel gives one spelling for look-up.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE_TONE = re.compile(
    rf"([oO])([aAeE])([{_TONES}])(?![^\W\d_])|([uU])([yY])([{_TONES}])(?![^\W\d_])"
)


def _new_style_tone(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def name_key(value: str) -> str:
    """Key for exact name look-up: NFC, case-folded, spaces collapsed, and the tone of a final
    "oa", "oe", "uy" placed on the first vowel whichever way it was written."""
    decomposed = unicodedata.normalize("NFD", value)
    placed = _OLD_STYLE_TONE.sub(_new_style_tone, decomposed)
    return " ".join(unicodedata.normalize("NFC", placed).casefold().split())


def fold_accents(value: str) -> str:
    """Lower-case text with Vietnamese diacritics removed: 'Chuyển đổi số' -> 'chuyen doi so'."""
    lowered = value.translate(_EXTRA_FOLDS).casefold()
    stripped = unicodedata.normalize("NFD", lowered).translate(_COMBINING_MARKS)
    return " ".join(stripped.split())


_WORD = re.compile(r"[^\W_]+")


def search_words(value: str) -> list[str]:
    """The accent-free words of a text, split on anything that is not a letter or a digit:
    'Chuyển đổi số (NV-01)' -> ['chuyen', 'doi', 'so', 'nv', '01']."""
    return _WORD.findall(fold_accents(value))


def search_document(value: str) -> str:
    """The stored form searched by whole words: ' chuyen doi so nv 01 '. The spaces at both
    ends let a word match as ' word ', so 'so' does not find 'soát'."""
    return f" {' '.join(search_words(value))} "
