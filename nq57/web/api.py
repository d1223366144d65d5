"""/api/v1/ranking/composite: the composite ranking, public and the same for everyone (the page
is /indicators/ranking/). It spans apps, so it lives in web beside the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nq57.core.errors import ValidationFailed
from nq57.indicators import scoring, selectors

from .composite import composite_ranking, ranking_date

COMPOSITE_FORMULA = "sum(weight_i * component_i) / sum(weight_i), over the components present"
COMPONENT_FORMULAS = {
    "on_time": "completed_on_time / (completed_on_time + completed_late + overdue) * 100, "
    "over the tasks assigned by a higher authority",
    "kpi": "mean over indicators with a target of min(100, figure / target * 100)",
    "reporting": "forms submitted by their due date / forms due so far this year * 100",
    "freshness": "open tasks reported on in the last stale_days days / open tasks * 100, "
    "judged today, over the tasks assigned by a higher authority",
}


def _figure(value: Decimal | None, places: str) -> float | None:
    return None if value is None else float(value.quantize(Decimal(places)))


def _as_of(request: Request) -> date:
    given = request.query_params.get("as_of") or ""
    if not given:
        return timezone.localdate()
    try:
        return ranking_date(given)
    except ValueError:
        message = _("Enter a date as YYYY-MM-DD or dd/mm/yyyy, in the years 2000 to 2100.")
        raise ValidationFailed(message, fields={"as_of": [message]}) from None


class CompositeRankingView(APIView):
    """Ministries and agencies (`central`) and provinces (`local`), ranked by the weighted
    mean of their components (each a share from 0 to 100), with the weights."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="default: today")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        as_of = _as_of(request)
        today = timezone.localdate()
        weights = selectors.ranking_weights().as_dict()
        groups = composite_ranking(as_of=as_of, today=today, weights=weights)
        answer: dict[str, Any] = {
            "as_of": as_of.isoformat(),
            "freshness_judged_on": today.isoformat(),
            "stale_days": settings.NQ57_STALE_DAYS,
            "formula": COMPOSITE_FORMULA,
            "weights": weights,
            "components": {name: COMPONENT_FORMULAS[name] for name in scoring.COMPONENTS},
            "groups": {
                group: [
                    {
                        "rank": row.rank,
                        "org": row.org.code,
                        "name": row.org.name,
                        "score": _figure(row.score, "0.01"),
                        "components": {
                            name: _figure(value, "0.1") for name, value in row.components.items()
                        },
                    }
                    for row in ranked
                ]
                for group, ranked in groups.items()
            },
        }
        return Response(answer)
