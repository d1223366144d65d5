"""The help of each screen, shipped as data (`data/help.json`, issue 14 item 7): for each
officials' page, by its URL name, a title, what the screen is for, its main steps, the words it
uses and whom to ask, in Vietnamese and in English. Read once per process; no query."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "help.json"
LANGUAGES = ("vi", "en")
TEXTS = ("title", "purpose", "ask")


class HelpDataError(ValueError):
    """The shipped help is malformed (its tests catch it before anyone reads it)."""


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str


@dataclass(frozen=True)
class HelpText:
    """One screen's help in one language."""

    title: str
    purpose: str
    steps: tuple[str, ...]
    terms: tuple[Term, ...]
    ask: str


@dataclass(frozen=True)
class HelpEntry:
    """One screen's help, by the URL name of the screen (`tasks:detail`)."""

    name: str
    texts: dict[str, HelpText]

    @property
    def slug(self) -> str:
        return slug_of(self.name)

    def text(self) -> HelpText:
        """In the active language (Vietnamese unless English was chosen)."""
        language = "en" if (get_language() or "vi").startswith("en") else "vi"
        return self.texts[language]


def slug_of(name: str) -> str:
    """The help's address for a URL name: `tasks:detail` → `tasks-detail` (URL names use
    underscores, never hyphens, so the mapping is one to one; the loader checks it)."""
    return name.replace(":", "-")


@cache
def help_entries() -> dict[str, HelpEntry]:
    """Every screen's help by URL name, in the order of the shipped file."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not raw:
        raise HelpDataError("help.json: an object of entries by URL name")
    entries = {name: _entry(name, value) for name, value in raw.items()}
    slugs = {entry.slug for entry in entries.values()}
    if len(slugs) != len(entries) or any("-" in name for name in entries):
        raise HelpDataError("help.json: URL names must map to distinct addresses")
    return entries


@cache
def _by_slug() -> dict[str, HelpEntry]:
    return {entry.slug: entry for entry in help_entries().values()}


def entry_for(name: str) -> HelpEntry | None:
    """The help of the screen named `name`, if it has one."""
    return help_entries().get(name)


def entry_for_slug(slug: str) -> HelpEntry | None:
    return _by_slug().get(slug)


def _entry(name: str, value: Any) -> HelpEntry:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise HelpDataError(f"help.json: {name}: one text in each of {', '.join(LANGUAGES)}")
    return HelpEntry(
        name, {language: _text(name, language, value[language]) for language in LANGUAGES}
    )


def _text(name: str, language: str, value: Any) -> HelpText:
    where = f"help.json: {name}: {language}"
    if not isinstance(value, dict):
        raise HelpDataError(where)
    for field in TEXTS:
        if not _filled(value.get(field)):
            raise HelpDataError(f"{where}: {field}")
    steps = value.get("steps")
    if not isinstance(steps, list) or not steps or not all(_filled(step) for step in steps):
        raise HelpDataError(f"{where}: steps")
    terms = value.get("terms", [])
    if not isinstance(terms, list) or not all(_is_term(term) for term in terms):
        raise HelpDataError(f"{where}: terms")
    return HelpText(
        title=value["title"].strip(),
        purpose=value["purpose"].strip(),
        steps=tuple(step.strip() for step in steps),
        terms=tuple(Term(term["term"].strip(), term["meaning"].strip()) for term in terms),
        ask=value["ask"].strip(),
    )


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_term(value: Any) -> bool:
    return isinstance(value, dict) and _filled(value.get("term")) and _filled(value.get("meaning"))
