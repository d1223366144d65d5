"""The kinds of notice, each registered by the app that sends it (in its `notices.py`): a code
and the sentence a notice shows, rendered in the reader's language from the notice's facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

CODE_MAX_LENGTH = 40


@dataclass(frozen=True)
class Kind:
    code: str
    sentence: str | Promise

    def render(self, params: Mapping[str, Any]) -> str:
        return render(self.code, params)


_registry: dict[str, Kind] = {}


def register(code: str, sentence: str | Promise) -> Kind:
    if code in _registry:
        raise ImproperlyConfigured(f"notice kind {code!r} is registered twice")
    if not code or len(code) > CODE_MAX_LENGTH:
        raise ImproperlyConfigured(f"notice kind {code!r} is empty or too long")
    _registry[code] = Kind(code, sentence)
    return _registry[code]


class _Missing(dict[str, Any]):
    """A fact a sentence names but a notice lacks shows as empty, never fails the page."""

    def __missing__(self, key: str) -> str:
        return ""


def render(code: str, params: Mapping[str, Any]) -> str:
    """The sentence of a stored notice; its code when no app registers the kind any more."""
    kind = _registry.get(code)
    if kind is None:
        return code
    return str(kind.sentence).format_map(_Missing(params))
