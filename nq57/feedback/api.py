"""/api/v1/feedback/stats: the bodies' league table, public like its page."""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors


class StatsView(APIView):
    """Per body: received, answered, answered on time, median days, overdue now,
    satisfaction."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        rows = selectors.body_stats(timezone.localdate())
        return Response([{**asdict(row), "on_time_rate": row.on_time_rate} for row in rows])
