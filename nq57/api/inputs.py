"""Reading a request body through an input serializer, the same way in every endpoint."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request


def _fields_with_nul(data: Any) -> list[str]:
    """The top-level fields whose text holds a NUL character (anywhere inside)."""

    def holds_nul(value: Any) -> bool:
        if isinstance(value, str):
            return "\x00" in value
        if isinstance(value, dict):
            return any(holds_nul(item) for item in value.values())
        if isinstance(value, list | tuple):
            return any(holds_nul(item) for item in value)
        return False

    if not hasattr(data, "keys"):
        return []
    getlist = getattr(data, "getlist", None)
    return [key for key in data if holds_nul(getlist(key) if getlist else data[key])]


def validated(serializer_class: type, request: Request) -> dict[str, Any]:
    """The request's data checked by `serializer_class`; a 400 with the problems by field
    otherwise. Text with a NUL character is refused first: no field takes one, and a
    related field would otherwise send it to PostgreSQL, which refuses it with an error."""
    refused = _fields_with_nul(request.data)
    if refused:
        message = _("Null characters are not allowed.")
        raise serializers.ValidationError({key: [message] for key in refused})
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
