"""What a page or an export may not show a person (issue 15): a number or a date not in the
reader's language format, or a code where a word belongs.

The rules read text as a person reads it, so they cannot know what each number means; they
flag what is certainly wrong in the language and leave alone what could be right:
- a date written the ISO way (2026-11-30) is wrong in both languages;
- an integer of five digits or more without grouping (10359458) is wrong in both;
- a four-digit integer without grouping (1290) is wrong unless it may be a year (1900–2100);
- in Vietnamese a decimal point (59.76) or an English thousands comma (1,290) is wrong; in
  English a decimal comma (59,76) or a Vietnamese thousands point (1.290) is;
- a snake_case word (lead_org, off_track) is a code, never a word.
Digits glued to letters or hyphens (NQ57, PA-2026-000123, a period code's label aside) are
identifiers, not numbers, and text in <code> or [data-code] is an identifier shown on purpose.
"""

from __future__ import annotations

import re

# Digits that stand alone: not glued to letters, digits, hyphens, slashes, or other separators.
_ALONE_BEFORE = r"(?<![\w\-/.,:#])"
_ALONE_AFTER = r"(?![\w\-/]|[.,:]\d)"
ISO_DATE = re.compile(r"(?<![\w\-/])\d{4}-\d{2}-\d{2}(?![\w\-/])")
LONG_INTEGER = re.compile(_ALONE_BEFORE + r"\d{5,}" + _ALONE_AFTER)
FOUR_DIGITS = re.compile(_ALONE_BEFORE + r"\d{4}" + _ALONE_AFTER)
# A number grouped or with decimals in one language's way, standing alone.
POINT_DECIMAL = re.compile(_ALONE_BEFORE + r"\d+\.\d{1,2}(?!\d)" + _ALONE_AFTER)
COMMA_DECIMAL = re.compile(_ALONE_BEFORE + r"\d+,\d{1,2}(?!\d)" + _ALONE_AFTER)
COMMA_GROUPS = re.compile(_ALONE_BEFORE + r"\d{1,3}(?:,\d{3})+(?!\d)" + _ALONE_AFTER)
POINT_GROUPS = re.compile(_ALONE_BEFORE + r"\d{1,3}(?:\.\d{3})+(?!\d)" + _ALONE_AFTER)
SNAKE_CODE = re.compile(r"(?<![\w@/.=\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/\-]|\.\w)")
# mm/dd/yyyy can't be told from dd/mm/yyyy unless the day is over 12: then it's certain.
MONTH_FIRST = re.compile(r"(?<![\w/])(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])/\d{4}(?![\w/])")

YEARS = range(1900, 2101)


def problems(text: str, language: str) -> list[str]:
    """What in `text` is not in `language`'s format ('vi' or 'en'), each quoted."""
    found: list[str] = []
    found += [f"ISO date {m[0]!r}" for m in ISO_DATE.finditer(text)]
    found += [f"month-first date {m[0]!r}" for m in MONTH_FIRST.finditer(text)]
    found += [f"ungrouped number {m[0]!r}" for m in LONG_INTEGER.finditer(text)]
    found += [
        f"ungrouped number {m[0]!r}" for m in FOUR_DIGITS.finditer(text) if int(m[0]) not in YEARS
    ]
    wrong = (POINT_DECIMAL, COMMA_GROUPS) if language == "vi" else (COMMA_DECIMAL, POINT_GROUPS)
    for pattern in wrong:
        found += [f"number in another language's format {m[0]!r}" for m in pattern.finditer(text)]
    found += [f"code {m[0]!r}" for m in SNAKE_CODE.finditer(text)]
    return found


def context_of(text: str, problem: str, width: int = 60) -> str:
    """The problem with the text around it, for a failure message."""
    quoted = problem.split("'", 1)[1].rsplit("'", 1)[0] if "'" in problem else problem
    at = text.find(quoted)
    if at < 0:
        return problem
    start = max(0, at - width)
    return f"{problem}: …{text[start : at + len(quoted) + width]}…".replace("\n", " ")
