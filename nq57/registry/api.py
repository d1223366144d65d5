"""/api/v1/registry/summary: the registry's databases by status as of a date, for officials
(a read token reads), as `manage.py registry_summary --format json` prints them."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nq57.core.dates import day_param

from .selectors import registry_summary
from .status import SUMMARY_KEYS

SUMMARY = inline_serializer(
    "RegistrySummary",
    {
        "list": serializers.CharField(allow_null=True),
        "as_of": serializers.DateField(),
        **{key: serializers.IntegerField() for key in SUMMARY_KEYS},
    },
)


class RegistrySummaryView(APIView):
    """Databases with a status on or before `as_of` (of one list, or all), counted by their
    status then; `at_risk` counts those not formed whose risk then is high (it overlaps the
    status counts)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("list", str, description="a list's code; default: every database"),
            OpenApiParameter("as_of", str, description="YYYY-MM-DD or DD/MM/YYYY; default: today"),
        ],
        responses={200: SUMMARY},
    )
    def get(self, request: Request) -> Response:
        try:
            as_of = day_param(request.query_params, "as_of") or timezone.localdate()
        except ValueError as exc:
            raise ValidationError({"as_of": [str(exc)]}) from None
        list_code = str(request.query_params.get("list") or "").strip()
        return Response(registry_summary(list_code=list_code, as_of=as_of))
