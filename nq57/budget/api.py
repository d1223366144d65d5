"""/api/v1/budget/summary: a year's budget as of a date, for officials (a read token reads),
as `manage.py budget_summary --format json` prints it."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nq57.core.dates import day_param

from .exchange.layout import FIRST_YEAR, LAST_YEAR
from .selectors import budget_summary

MONEY = {
    key: serializers.IntegerField() for key in ("proposed", "approved", "unallocated", "disbursed")
}
GROUP = inline_serializer("BudgetGroup", {"bodies": serializers.IntegerField(), **MONEY})
SUMMARY = inline_serializer(
    "BudgetSummary",
    {
        "year": serializers.IntegerField(),
        "as_of": serializers.DateField(),
        **MONEY,
        "disbursement_rate": serializers.FloatField(allow_null=True),
        "central": GROUP,
        "local": GROUP,
    },
)


class BudgetSummaryView(APIView):
    """A year's money in whole million VND as of `as_of`: proposed and approved in force
    then, unallocated (proposed − approved), disbursed by then; in all and per group, with
    the bodies of each group that have a proposal in force above 0."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("as_of", str, description="YYYY-MM-DD or DD/MM/YYYY; default: today"),
        ],
        responses={200: SUMMARY},
    )
    def get(self, request: Request) -> Response:
        year_text = str(request.query_params.get("year") or "").strip()
        if not year_text.isdigit() or not FIRST_YEAR <= int(year_text) <= LAST_YEAR:
            raise ValidationError(
                {"year": [f"a year from {FIRST_YEAR} to {LAST_YEAR} is required"]}
            )
        try:
            as_of = day_param(request.query_params, "as_of") or timezone.localdate()
        except ValueError as exc:
            raise ValidationError({"as_of": [str(exc)]}) from None
        return Response(budget_summary(int(year_text), as_of))
