"""The registry of audit event types: each app registers its own in its `events.py`.

Core only stores events (`AuditEvent.event` is a plain code, no choices), so an app adding an
event type needs no migration here. An event type is its stored code ("task.assigned") and the
sentence a timeline shows ("{actor} assigned task {target}"), a lazy translated string.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

# AuditEvent.event's max_length: a longer code could not be stored.
CODE_MAX_LENGTH = 40


@dataclass(frozen=True)
class EventType:
    """One kind of audit event: the code stored in each row and its timeline sentence."""

    code: str
    # Not compared nor hashed: the sentence is a lazy translation, and its hash changes with
    # the active language; a dict keyed by event types built in one language missed them in
    # another (an English page writing an event a Vietnamese-built listener table keyed).
    sentence: str | Promise = field(compare=False)

    def __str__(self) -> str:
        return self.code


class UnregisteredEvent(LookupError):
    """An audit event was recorded under a code no app registered."""


_registry: dict[str, EventType] = {}


def register(code: str, sentence: str | Promise) -> EventType:
    """Declare an event type; a code registered twice is a programming error."""
    if code in _registry:
        raise ImproperlyConfigured(f"audit event {code!r} is registered twice")
    if not code or len(code) > CODE_MAX_LENGTH:
        raise ImproperlyConfigured(f"audit event code {code!r} is empty or too long")
    _registry[code] = EventType(code, sentence)
    return _registry[code]


def registered() -> Mapping[str, EventType]:
    """Every registered event type by code (read-only)."""
    return MappingProxyType(_registry)


def lookup(event: EventType | str) -> EventType:
    """The registered event type of `event` (a type or its code); unregistered ones are refused."""
    code = event.code if isinstance(event, EventType) else event
    found = _registry.get(code)
    if found is None:
        raise UnregisteredEvent(f"audit event {code!r} is not registered")
    return found


# What else happens when an event is recorded (a notice to those concerned), in the same
# transaction: listeners by event code, each called with the actor, the subject and the row.
Listener = Callable[[Any, Any, Any], None]
_listeners: dict[str, list[Listener]] = {}


def listen(event: EventType) -> Callable[[Listener], Listener]:
    """Decorate a function to be called whenever `event` is recorded one by one (`record`;
    bulk imports, `record_many`, call no listener)."""

    def add(listener: Listener) -> Listener:
        _listeners.setdefault(event.code, []).append(listener)
        return listener

    return add


def listeners_of(code: str) -> tuple[Listener, ...]:
    return tuple(_listeners.get(code, ()))


def sentence_template(code: str) -> str:
    """The timeline sentence of a stored code; the code itself when no app registers it (a
    row written by an event type since removed must still render)."""
    found = _registry.get(code)
    return str(found.sentence) if found else code.replace("{", "{{").replace("}", "}}")
