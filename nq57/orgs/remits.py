"""The shipped remits (`data/remits.json`): what each body answers for, and the names people
write for each province, read and checked whole before anything is written. A problem names
the entry and the field."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import PROVINCES

REMITS_FILE = Path(__file__).resolve().parent / "data" / "remits.json"
LISTS = ("fields", "procedures", "databases", "terms")
MAX_TEXT = 4000


class RemitFileError(ValueError):
    """The file is refused whole: the message names where."""


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


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or "\x00" in value or len(value) > MAX_TEXT:
        raise RemitFileError(f"{where}: expected a text of at most {MAX_TEXT} characters")
    return " ".join(value.split())


def _texts(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RemitFileError(f"{where}: expected a list of texts")
    found = [_text(item, f"{where}[{i}]") for i, item in enumerate(value)]
    return [item for item in found if item]


def _not_ours(value: Any, where: str) -> list[dict[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RemitFileError(f"{where}: expected a list of {{topic, body}}")
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise RemitFileError(f"{where}[{i}]: expected {{topic, body}}")
        found.append(
            {
                "topic": _text(item.get("topic"), f"{where}[{i}].topic"),
                "body": _text(item.get("body"), f"{where}[{i}].body"),
            }
        )
    return found


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
        code = _text(body.get("code"), f"{where}.code")
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
        code = _text(province.get("code"), f"{where}.code")
        if not code or code in seen:
            raise RemitFileError(f"{where}.code: missing or repeated ({code!r})")
        seen.add(code)
        names = _texts(province.get("names"), f"{where} ({code}).names")
        former = _texts(province.get("former"), f"{where} ({code}).former")
        specs.append(RemitSpec(code, place_names=names + former))
    return loaded["version"], specs
