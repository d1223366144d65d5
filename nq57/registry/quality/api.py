"""POST /api/v1/registry/quality-checks: an owner's system pushes a check result of one of its
organisation's databases (another organisation's database answers 404, as if it did not
exist). A read token gets 403 (OfficialAccess); the same figures again change nothing."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .choices import Criterion, EvidenceSource
from .permissions import recordable_databases


class CheckResultInput(serializers.Serializer[dict[str, object]]):
    database = serializers.CharField(max_length=64)
    period = serializers.CharField(max_length=8)
    criterion = serializers.ChoiceField(choices=Criterion.choices)
    records_checked = serializers.IntegerField(min_value=0)
    records_passing = serializers.IntegerField(min_value=0)


class QualityCheckView(APIView):
    @extend_schema(request=CheckResultInput, responses=dict)
    def post(self, request: Request) -> Response:
        given = CheckResultInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        database = recordable_databases(request.user).filter(code=data["database"]).first()
        if database is None:
            raise Http404
        result, created = services.check_result_record(
            request.user,
            database=database,
            period=data["period"],
            criterion=data["criterion"],
            records_checked=data["records_checked"],
            records_passing=data["records_passing"],
            source=EvidenceSource.SYSTEM,
        )
        answer = {
            "id": result.pk,
            "created": created,
            "database": database.code,
            "period": result.period,
            "criterion": result.criterion,
            "records_checked": result.records_checked,
            "records_passing": result.records_passing,
            "verified": result.verified_at is not None,
        }
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
