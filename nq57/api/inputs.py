"""Reading a request body through an input serializer, the same way in every endpoint."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request


def validated(serializer_class: type, request: Request) -> dict[str, Any]:
    """The request's data checked by `serializer_class`; a 400 with the problems by field
    otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
