"""Domain errors raised by services; pages and the API translate them for people and machines."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the request; `fields` maps field names to messages."""

    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    """The input breaks a rule; nothing was written."""


class InvalidTransition(DomainError):
    """The workflow does not allow this step from the current state."""


class NotPermitted(DomainError):
    """The actor may see the object but may not take this action on it."""

    status_code = 403


class StaleVersion(DomainError):
    """The object changed since the client read it (optimistic concurrency)."""

    status_code = 409
