"""/api/v1/ranking: the on-time ranking, public and the same for everyone, as the committee
publishes it (the page is /ranking/)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nq57.tasks.filters import summary_query_from
from nq57.tasks.ranking import on_time_ranking, ranking_as_dict


class RankingView(APIView):
    """Ministries and agencies (`central`) and provinces (`local`), each ranked by on-time
    completion of the tasks assigned to them by a higher authority (the tasks an organisation
    assigns to itself or its own units do not count); ties share a rank."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="default: today"),
            OpenApiParameter("program", str, description="a programme's code; default: all"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        query = summary_query_from(
            {key: request.query_params.get(key, "") for key in ("as_of", "program")}
        )
        groups = on_time_ranking(as_of=query.as_of, program=query.program)
        return Response(ranking_as_dict(groups, as_of=query.as_of, program=query.program))
