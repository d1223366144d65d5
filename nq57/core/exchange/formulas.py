"""Keeping text that looks like a formula from running in a spreadsheet (CSV/formula
injection): exports prefix it with an apostrophe, imports take exactly that prefix off.

A cell is neutralised when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return
(also after leading white space, which spreadsheet programs skip), or with the apostrophe
itself, so that the one apostrophe an import removes is always one an export added: a text
round-trips whatever it holds, and an apostrophe a person typed before ordinary text stays.
"""

from __future__ import annotations

from typing import Any

PREFIX = "'"
_FIRST_CHARACTERS = ("\t", "\r", PREFIX)
_AFTER_SPACES = ("=", "+", "-", "@")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could read `text` as a formula (or it starts with the
    prefix, which must itself be escaped)."""
    return text.startswith(_FIRST_CHARACTERS) or text.lstrip().startswith(_AFTER_SPACES)


def neutralise(text: str) -> str:
    """`text` as an export writes it: with the prefix when it looks like a formula."""
    return PREFIX + text if looks_like_formula(text) else text


def restore(value: Any) -> Any:
    """A cell as an import reads it: without the prefix `neutralise` added, if any; other
    values (numbers, dates, text it would not have prefixed) unchanged."""
    if isinstance(value, str) and value.startswith(PREFIX) and looks_like_formula(value[1:]):
        return value[1:]
    return value
