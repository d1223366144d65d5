"""How the suggester reads an item: accent-free, lower-case words, each common abbreviation
read beside what it stands for ("csdl" also as "co so du lieu"), so that an item typed on a
phone without diacritics and with the abbreviations officials use reads like the remit it
matches. Pure: text in, words out."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from nq57.core.text import search_words

ABBREVIATIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "abbreviations.json"
FUNCTION_WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "function_words.json"


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    loaded = json.loads(ABBREVIATIONS_FILE.read_text("utf-8"))
    return {
        key: tuple(search_words(value)) for key, value in loaded.items() if not key.startswith("_")
    }


@cache
def function_words() -> frozenset[str]:
    """The words that carry a sentence's grammar, not its subject (accent-free)."""
    return frozenset(json.loads(FUNCTION_WORDS_FILE.read_text("utf-8"))["words"])


def reading_recipe() -> str:
    """A digest of the data the reading follows (abbreviations, function words)."""
    digest = hashlib.sha256(ABBREVIATIONS_FILE.read_bytes())
    digest.update(FUNCTION_WORDS_FILE.read_bytes())
    return digest.hexdigest()[:12]


def item_text(title: str, content: str, kind: str = "", field: str = "") -> str:
    """What is read of an item: everything the sender wrote, the kind and field they chose
    as words like the rest (an unknown value is just more text)."""
    return " ".join(part for part in (title, content, kind, field) if part)


def reading_words(text: str) -> list[str]:
    """The words read: each word folded, and after an abbreviation the words it stands
    for."""
    found: list[str] = []
    known = abbreviations()
    for word in search_words(text):
        found.append(word)
        found.extend(known.get(word, ()))
    return found


def reading_text(text: str) -> str:
    return " ".join(reading_words(text))
