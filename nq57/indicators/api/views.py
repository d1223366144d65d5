"""/api/v1/indicators: the catalogue (indicators, their targets, data elements), figures,
values (one or a file) and forms."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from nq57.api.inputs import validated
from nq57.core.errors import ValidationFailed
from nq57.core.exchange import ImportRejected
from nq57.core.periods import PeriodError, parse_period
from nq57.indicators import selectors, services
from nq57.indicators.exchange import values_import
from nq57.indicators.models import DataElement, Indicator, Submission
from nq57.orgs.lookup import OrgLookupError, resolve_org

from . import serializers as s


class IndicatorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Indicator]
):
    """The indicators, their formulas and their figures for any scope and period; the
    secretariat and the monitoring organisation's approvers and administrators create
    them, change them and set their targets (anyone else: 403)."""

    queryset = selectors.indicators_with_terms()
    serializer_class = s.IndicatorSerializer
    lookup_field = "code"
    filter_backends: list[Any] = []
    pagination_class = None

    def _answer(self, indicator: Indicator, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.indicators_with_terms().get(pk=indicator.pk)
        return Response(s.IndicatorSerializer(fresh).data, status=code)

    @extend_schema(request=s.IndicatorCreateSerializer, responses={201: s.IndicatorSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.IndicatorCreateSerializer, request)
        return self._answer(
            services.indicator_create(request.user, **data), status.HTTP_201_CREATED
        )

    @extend_schema(request=s.IndicatorUpdateSerializer, responses=s.IndicatorSerializer)
    def partial_update(self, request: Request, code: str) -> Response:
        indicator = selectors.get_indicator(code)
        data = validated(s.IndicatorUpdateSerializer, request)
        return self._answer(services.indicator_update(request.user, indicator=indicator, **data))

    @extend_schema(methods=["GET"], request=None, responses=s.TargetSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.TargetInputSerializer,
        responses={200: s.TargetSerializer, 201: s.TargetSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def targets(self, request: Request, code: str) -> Response:
        """The indicator's targets by organisation and period; a POST sets one (201 when
        new, 200 when it replaced the one there)."""
        indicator = selectors.get_indicator(code)
        if request.method == "GET":
            targets = selectors.target_list(indicator)
            return Response(s.TargetSerializer(targets, many=True).data)
        data = validated(s.TargetInputSerializer, request)
        target, created = services.target_set(request.user, indicator=indicator, **data)
        answer = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.TargetSerializer(target).data, status=answer)

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, required=True, description="YYYYMM, YYYYQn, YYYYSn"),
            OpenApiParameter("org", str, description="code or name; covers its subtree"),
            OpenApiParameter("group", str, enum=["central", "local"]),
        ],
        responses=dict,
    )
    @action(detail=True, methods=["get"])
    def value(self, request: Request, code: str) -> Response:
        """The figure, its numerator and denominator, the target and the progress status. An
        organisation's figure counting values its forms have not yet had approved is, for
        those outside it, `visibility: not_yet_approved` with null numbers."""
        indicator = selectors.get_indicator(code)
        period = selectors.period_for(indicator, request.query_params.get("period", ""))
        scope = selectors.scope_from(
            request.query_params.get("org"), request.query_params.get("group")
        )
        answer = selectors.figure_for(
            request.user, indicator, period, scope, today=timezone.localdate()
        )
        return Response(answer.as_dict())


class DataElementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[DataElement]
):
    """The data elements organisations enter, by data set; the secretariat and the data
    set's monitoring organisation create and change them (anyone else: 403)."""

    queryset = selectors.element_list()
    serializer_class = s.DataElementSerializer
    lookup_field = "code"
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(request=s.DataElementCreateSerializer, responses={201: s.DataElementSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.DataElementCreateSerializer, request)
        element = services.data_element_create(request.user, **data)
        return Response(s.DataElementSerializer(element).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DataElementUpdateSerializer, responses=s.DataElementSerializer)
    def partial_update(self, request: Request, code: str) -> Response:
        element = selectors.get_element(code)
        data = validated(s.DataElementUpdateSerializer, request)
        element = services.data_element_update(request.user, element=element, **data)
        return Response(s.DataElementSerializer(element).data)


class ValueViewSet(viewsets.ViewSet):
    """Values entered for an organisation and a period, one at a time or a file at once."""

    @extend_schema(request=s.ValueInputSerializer, responses=dict)
    def create(self, request: Request) -> Response:
        data = validated(s.ValueInputSerializer, request)
        report = services.value_set(
            request.user,
            element=data["data_element"],
            org=data["org"],
            period=data["period"],
            value=data["value"],
            comment=data["comment"],
        )
        code = status.HTTP_201_CREATED if report.created else status.HTTP_200_OK
        return Response(
            {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            status=code,
        )

    @extend_schema(request={"multipart/form-data": s.ImportInputSerializer}, responses=dict)
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        """CSV or XLSX with `data_element,period,org,value[,comment]`: all rows or none; the
        problems by line when there are any."""
        data = validated(s.ImportInputSerializer, request)
        try:
            report = values_import(request.user, data["file"], dry_run=data["dry_run"])
        except ImportRejected as failure:
            return Response(failure.answer(), status=status.HTTP_400_BAD_REQUEST)
        return Response(report.answer())


class SubmissionViewSet(viewsets.GenericViewSet[Submission]):
    """Forms: an organisation submits a period's values, the monitoring one decides."""

    serializer_class = s.SubmissionSerializer
    filter_backends: list[Any] = []
    lookup_value_regex = "[0-9]{1,18}"  # /indicator-forms/abc/ is no form: 404, never int("abc")

    def get_queryset(self) -> Any:
        return selectors.submission_list(self.request.user)

    @extend_schema(request=s.SubmitInputSerializer, responses=s.SubmissionSerializer)
    def create(self, request: Request) -> Response:
        data = validated(s.SubmitInputSerializer, request)
        dataset = selectors.get_dataset(data["dataset"])
        try:
            org = resolve_org(data["org"])
            period = parse_period(data["period"])
        except (OrgLookupError, PeriodError) as exc:
            raise ValidationFailed(str(exc)) from None
        submission = services.submission_submit(
            request.user, dataset=dataset, org=org, period=period, today=timezone.localdate()
        )
        return Response(s.SubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.SubmissionSerializer(self.get_object()).data)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.SubmissionSerializer(page, many=True).data)

    @extend_schema(request=None, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        submission = services.submission_approve(
            request.user, submission=self.get_object(), today=timezone.localdate()
        )
        return Response(s.SubmissionSerializer(submission).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str) -> Response:
        data = validated(s.ReasonSerializer, request)
        submission = services.submission_return(
            request.user,
            submission=self.get_object(),
            reason=data["reason"],
            today=timezone.localdate(),
        )
        return Response(s.SubmissionSerializer(submission).data)
