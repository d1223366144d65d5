"""Domain errors as JSON: {"detail": message, "errors": {field: [messages]}}."""

from __future__ import annotations

from typing import Any

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from nq57.core.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message, "errors": exc.fields}, status=exc.status_code)
    if isinstance(exc, Http404):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        response.data = {"detail": "Invalid input.", "errors": response.data}
    return response


def database_unavailable() -> JsonResponse:
    """The API's answer while the database cannot be reached (nq57.web.outage): 503."""
    detail = _(
        "The service is briefly unavailable: its database cannot be reached. Try again in a minute."
    )
    return JsonResponse({"detail": detail}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
