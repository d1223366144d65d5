"""The remits: what each body answers for, and the names people write for each province. The
shipped file (`data/remits.json`) is read and checked whole before anything is written, a
problem naming the entry and the field; the secretariat's edits pass the same rules
(`one_line`, `phrases`, `topics`): one place says how long a text may be and how a list of
phrases is kept."""

from __future__ import annotations

import enum
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nq57.core.text import name_key

from .models import PROVINCES

REMITS_FILE = Path(__file__).resolve().parent / "data" / "remits.json"
LISTS = ("fields", "procedures", "databases", "terms")
# The limits of the file and of the editing page alike. The shipped remits stay well within
# them (a description of about 1,000 characters, phrases under 130, lists under 120 lines).
MAX_TEXT = 4000  # a description
MAX_PHRASE = 300  # one line of a list: a field, a procedure, a term, a topic, a place name
MAX_PHRASES = 300  # the lines of one list
MAX_CODE = 32  # an organisation's code (Remit.scope)
# The separator of a topic answered elsewhere, written "BNV: topic" on one line.
TOPIC_SEPARATOR = ":"


class Problem(enum.Enum):
    """Why a text was refused, in words a caller translates."""

    NOT_TEXT = "expected a text"
    CONTROL = "contains a control character"
    TOO_LONG = "too long"
    TOO_MANY = "too many lines"
    NO_CODE = "expected 'CODE: topic'"
    NO_TOPIC = "the topic is missing"
    UNKNOWN_CODE = "names no other body with a remit"


class TextRefused(ValueError):
    """A text or a list line refused: `line` counts from 1 (None for a whole text), `limit`
    is the limit broken (TOO_LONG, TOO_MANY), `value` the code not known (UNKNOWN_CODE)."""

    def __init__(
        self, problem: Problem, line: int | None = None, limit: int = 0, value: str = ""
    ) -> None:
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{problem.value}" + (f" (at most {limit})" if limit else ""))
        self.problem, self.line, self.limit, self.value = problem, line, limit, value


class RemitFileError(ValueError):
    """The file is refused whole: the message names where."""


def one_line(value: object, limit: int = MAX_TEXT) -> str:
    """A text as kept: NFC, its spaces and line breaks collapsed to single spaces, trimmed.
    Refused: not a text, a control character, longer than `limit` once collapsed."""
    if not isinstance(value, str):
        raise TextRefused(Problem.NOT_TEXT)
    if any(unicodedata.category(c) == "Cc" and not c.isspace() for c in value):
        raise TextRefused(Problem.CONTROL)
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if len(text) > limit:
        raise TextRefused(Problem.TOO_LONG, limit=limit)
    return text


def phrases(lines: Iterable[object]) -> list[str]:
    """A list of short phrases as kept: each line as `one_line` keeps it, empty lines
    dropped, a repeat of an earlier line (whatever its case, spacing or tone placement)
    dropped. TextRefused names the first bad line."""
    kept: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        text = _line(line, number, MAX_PHRASE)
        key = name_key(text)
        if not text or key in seen:
            continue
        if len(kept) == MAX_PHRASES:
            raise TextRefused(Problem.TOO_MANY, number, MAX_PHRASES)
        seen.add(key)
        kept.append(text)
    return kept


def topics(
    entries: Iterable[tuple[object, object]], codes: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """Topics often sent to a body that another answers, as (the other's code, the topic)
    pairs: each as `one_line` keeps it, an empty entry dropped, a repeat dropped, a code
    without a topic (or a topic without a code) refused; with `codes` (the known codes by
    their case-folded form), a code must be one of them and is written as they write it.
    TextRefused names the first bad entry (from 1)."""
    kept: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for number, (body_value, topic_value) in enumerate(entries, start=1):
        body = _line(body_value, number, MAX_CODE)
        topic = _line(topic_value, number, MAX_PHRASE)
        if not body and not topic:
            continue
        if not body:
            raise TextRefused(Problem.NO_CODE, number)
        if not topic:
            raise TextRefused(Problem.NO_TOPIC, number)
        if codes is not None:
            if body.casefold() not in codes:
                raise TextRefused(Problem.UNKNOWN_CODE, number, value=body)
            body = codes[body.casefold()]
        key = (body.casefold(), name_key(topic))
        if key in seen:
            continue
        if len(kept) == MAX_PHRASES:
            raise TextRefused(Problem.TOO_MANY, number, MAX_PHRASES)
        seen.add(key)
        kept.append({"topic": topic, "body": body})
    return kept


def topic_lines(
    lines: Iterable[object], codes: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """Topics written one a line as "BNV: topic" (the editing page's form), kept as
    `topics` keeps them; a line without the separator is refused."""

    def split(number: int, line: object) -> tuple[str, str]:
        if not isinstance(line, str):
            raise TextRefused(Problem.NOT_TEXT, number)
        if not line.strip():
            return "", ""
        code, separator, topic = line.partition(TOPIC_SEPARATOR)
        if not separator:
            raise TextRefused(Problem.NO_CODE, number)
        return code, topic

    return topics((split(number, line) for number, line in enumerate(lines, start=1)), codes)


def _line(value: object, number: int, limit: int) -> str:
    try:
        return one_line(value, limit)
    except TextRefused as refused:
        raise TextRefused(refused.problem, number, refused.limit) from None


@dataclass(frozen=True)
class RemitSpec:
    scope: str  # an organisation's code, or PROVINCES
    description: str = ""
    fields: list[str] = field(default_factory=list)
    procedures: list[str] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    not_ours: list[dict[str, str]] = field(default_factory=list)
    place_names: list[str] = field(default_factory=list)

    def texts(self) -> dict[str, Any]:
        """The values of `Remit`'s text fields, by field name."""
        return {
            "description": self.description,
            "fields": list(self.fields),
            "procedures": list(self.procedures),
            "databases": list(self.databases),
            "terms": list(self.terms),
            "not_ours": [dict(entry) for entry in self.not_ours],
            "place_names": list(self.place_names),
        }


def _text(value: Any, where: str, limit: int = MAX_TEXT) -> str:
    try:
        return one_line(value, limit)
    except TextRefused as refused:
        raise RemitFileError(f"{where}: {refused}") from None


def _texts(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RemitFileError(f"{where}: expected a list of texts")
    try:
        return phrases(value)
    except TextRefused as refused:
        raise RemitFileError(_entry(where, refused)) from None


def _not_ours(value: Any, where: str) -> list[dict[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RemitFileError(f"{where}: expected a list of {{topic, body}}")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise RemitFileError(f"{where}[{i}]: expected {{topic, body}}")
    try:
        return topics((item.get("body"), item.get("topic")) for item in value)
    except TextRefused as refused:
        raise RemitFileError(_entry(where, refused)) from None


def _entry(where: str, refused: TextRefused) -> str:
    """The file's words for a refused list entry: where[index]: why."""
    index = "" if refused.line is None else f"[{refused.line - 1}]"
    limit = f" (at most {refused.limit})" if refused.limit else ""
    return f"{where}{index}: {refused.problem.value}{limit}"


def read_remits(content: str | bytes) -> tuple[int, list[RemitSpec]]:
    """The file's version and its remits; RemitFileError names the first problem."""
    try:
        loaded = json.loads(content)
    except ValueError as exc:
        raise RemitFileError(f"not JSON: {exc}") from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("version"), int):
        raise RemitFileError("version: expected a whole number")
    bodies = loaded.get("bodies")
    if not isinstance(bodies, list):
        raise RemitFileError("bodies: expected a list")
    specs: list[RemitSpec] = []
    seen: set[str] = set()
    for i, body in enumerate(bodies):
        where = f"bodies[{i}]"
        if not isinstance(body, dict):
            raise RemitFileError(f"{where}: expected an object")
        code = _text(body.get("code"), f"{where}.code", MAX_CODE)
        if not code or code in seen:
            raise RemitFileError(f"{where}.code: missing or repeated ({code!r})")
        seen.add(code)
        lists = {name: _texts(body.get(name), f"{where} ({code}).{name}") for name in LISTS}
        specs.append(
            RemitSpec(
                code,
                _text(body.get("remit"), f"{where} ({code}).remit"),
                not_ours=_not_ours(body.get("not_ours"), f"{where} ({code}).not_ours"),
                **lists,
            )
        )
    provinces = loaded.get("provinces")
    if not isinstance(provinces, dict):
        raise RemitFileError("provinces: expected an object")
    specs.append(
        RemitSpec(
            PROVINCES,
            _text(provinces.get("remit"), "provinces.remit"),
            terms=_texts(provinces.get("terms"), "provinces.terms"),
        )
    )
    listed = provinces.get("list")
    if not isinstance(listed, list):
        raise RemitFileError("provinces.list: expected a list")
    for i, province in enumerate(listed):
        where = f"provinces.list[{i}]"
        if not isinstance(province, dict):
            raise RemitFileError(f"{where}: expected an object")
        code = _text(province.get("code"), f"{where}.code", MAX_CODE)
        if not code or code in seen:
            raise RemitFileError(f"{where}.code: missing or repeated ({code!r})")
        seen.add(code)
        names = _texts(province.get("names"), f"{where} ({code}).names")
        former = _texts(province.get("former"), f"{where} ({code}).former")
        # One list of place names: a name under both is kept once.
        place_names = _texts(names + former, f"{where} ({code}).names and former")
        specs.append(RemitSpec(code, place_names=place_names))
    return loaded["version"], specs


def shipped_remit(scope: str, content: str | bytes | None = None) -> tuple[int, RemitSpec | None]:
    """The shipped file's version and its remit for `scope` (None when it has none)."""
    version, specs = read_remits(REMITS_FILE.read_text("utf-8") if content is None else content)
    return version, next((spec for spec in specs if spec.scope == scope), None)
