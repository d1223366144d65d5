"""Task endpoints: thin adapters from HTTP to selectors and services."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.paginator import InvalidPage
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from nq57.accounts.access import is_secretariat
from nq57.api.inputs import validated
from nq57.api.pagination import StandardPagination
from nq57.core import audit
from nq57.core.dates import day_param
from nq57.core.errors import NotPermitted
from nq57.tasks import services
from nq57.tasks.exchange import (
    ImportRejected,
    csv_chunks,
    export_rows,
    tasks_import,
    write_xlsx,
)
from nq57.tasks.filters import TaskFilterSet, summary_query_from
from nq57.tasks.models import ExtensionRequest, Program, Task
from nq57.tasks.selectors import detail, summaries
from nq57.tasks.selectors.listing import LIST_ORDERINGS, task_list_page, tasks_filtered

from . import serializers as s

# A row id in a URL: digits, at most 18 of them so it always fits a 64-bit key; anything else
# matches no route and answers 404.
ID = "[0-9]{1,18}"

SUMMARY_PARAMETERS = [
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="default: today"),
    OpenApiParameter("due_by", OpenApiTypes.DATE),
    OpenApiParameter("org", str, description="code or name; covers its subtree"),
    OpenApiParameter("role", str, enum=["lead", "coordinate", "any"]),
    OpenApiParameter("program", str),
    OpenApiParameter("by", str, enum=["org", "program"]),
]


class ProgramViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Programmes (resolutions, directives, plans) tasks come from."""

    queryset = Program.objects.order_by("code")
    serializer_class = s.ProgramSerializer
    lookup_field = "code"
    # Codes hold slashes ("57-NQ/TW"); lazy, so the optional trailing slash is not taken in.
    lookup_value_regex = "[^?#]+?"

    def perform_create(self, serializer: Any) -> None:
        if not is_secretariat(self.request.user):
            raise NotPermitted("Only the secretariat registers programmes.")
        serializer.instance = services.program_create(
            self.request.user, **serializer.validated_data
        )


class FileNegotiation(DefaultContentNegotiation):
    """For an endpoint that answers a file: `?format=` names the file's format (csv or
    xlsx), not one of DRF's renderers, so it must not pick (or refuse for want of) one."""

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type


class TaskViewSet(viewsets.GenericViewSet):
    """Tasks with the six clear elements; every write goes through `nq57.tasks.services`."""

    filterset_class = TaskFilterSet
    serializer_class = s.TaskListSerializer
    queryset = Task.objects.none()
    lookup_value_regex = ID  # /tasks/abc/ is no task: 404, never int("abc")

    ORDERINGS = LIST_ORDERINGS

    def _as_of(self) -> date:
        try:
            return day_param(self.request.query_params, "as_of") or timezone.localdate()
        except ValueError as exc:
            raise ValidationError({"as_of": [str(exc)]}) from None

    def _filters(self) -> TaskFilterSet:
        """The list filters of the query string; 400 with every problem by field."""
        filters = TaskFilterSet(self.request.query_params)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        return filters

    def _detail(self, pk: int, as_of: date | None = None) -> Any:
        """The task as the detail shows it, with the list's status as of `as_of` (default
        today: what a write answers)."""
        as_of = as_of or timezone.localdate()
        return s.TaskDetailSerializer(detail.task_detail(self.request.user, pk, as_of=as_of)).data

    def _task(self) -> Task:
        return detail.get_task_for_user(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(
        parameters=[OpenApiParameter("ordering", str, enum=list(ORDERINGS))],
        responses=s.TaskListSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        """Tasks in scope, filtered; the default order is the nearest deadline first."""
        self._as_of()  # checked first, as strictly as ever: the rows' status is as of it
        paginator = StandardPagination()
        asked = paginator.page_request(request)
        try:
            listing = task_list_page(
                actor=request.user,
                filters=self._filters(),
                page=asked,
                ordering=request.query_params.get("ordering", ""),
            )
        except InvalidPage as error:
            raise paginator.page_not_found(asked, error) from None
        data = s.TaskListSerializer(listing.rows, many=True).data
        return paginator.respond(request, listing.page, data)

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="default: today")],
        responses=s.TaskDetailSerializer,
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        """One task; its status as of a date, the same as the list's."""
        return Response(self._detail(int(pk), self._as_of()))

    @extend_schema(request=s.TaskCreateSerializer, responses={201: s.TaskDetailSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.TaskCreateSerializer, request)
        if data["parent"] is not None:
            data["parent"] = detail.get_task_for_user(request.user, data["parent"])
        task = services.task_create(request.user, **data)
        return Response(self._detail(task.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TaskUpdateSerializer, responses=s.TaskDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        task = self._task()
        data = validated(s.TaskUpdateSerializer, request)
        services.task_update(request.user, task=task, **data)
        return Response(self._detail(task.pk))

    @extend_schema(responses=s.AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        """Every recorded change to the task: who, when, the event, old and new values."""
        events = audit.history_of(self._task())
        return Response(s.AuditEventSerializer(events, many=True).data)

    @extend_schema(
        request={"multipart/form-data": s.ProgressReportInputSerializer},
        responses=s.ProgressReportSerializer,
    )
    @action(detail=True, methods=["get", "post"], url_path="progress-reports")
    def progress_reports(self, request: Request, pk: str) -> Response:
        task = self._task()
        if request.method == "GET":
            reports = task.progress_reports.select_related("created_by").prefetch_related(
                "evidence"
            )
            return Response(s.ProgressReportSerializer(reports, many=True).data)
        data = validated(s.ProgressReportInputSerializer, request)
        report = services.progress_report_submit(request.user, task=task, **data)
        return Response(s.ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=s.TaskCommentSerializer(many=True), filters=False)
    @extend_schema(
        methods=["POST"],
        request=s.TaskCommentInputSerializer,
        responses={201: s.TaskCommentSerializer},
    )
    # The thread of one task is read whole, like its reports: not paged.
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request: Request, pk: str) -> Response:
        """The discussion between the lead and the assigning side, oldest first; the lead
        side, the assigning side and the secretariat add to it (others: 403)."""
        task = self._task()
        if request.method == "GET":
            return Response(s.TaskCommentSerializer(detail.task_comments(task), many=True).data)
        data = validated(s.TaskCommentInputSerializer, request)
        comment = services.task_comment_add(request.user, task=task, **data)
        return Response(s.TaskCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": s.CompletionRequestInputSerializer},
        responses=s.CompletionRequestSerializer,
    )
    @action(detail=True, methods=["post"], url_path="completion-request")
    def completion_request(self, request: Request, pk: str) -> Response:
        data = validated(s.CompletionRequestInputSerializer, request)
        created = services.completion_request(request.user, task=self._task(), **data)
        return Response(s.CompletionRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CompletionConfirmSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"], url_path="completion-confirm")
    def completion_confirm(self, request: Request, pk: str) -> Response:
        data = validated(s.CompletionConfirmSerializer, request)
        task = services.completion_confirm(request.user, task=self._task(), **data)
        return Response(self._detail(task.pk))

    @extend_schema(request=s.ReasonSerializer, responses=s.CompletionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="completion-return")
    def completion_return(self, request: Request, pk: str) -> Response:
        data = validated(s.ReasonSerializer, request)
        returned = services.completion_return(request.user, task=self._task(), **data)
        return Response(s.CompletionRequestSerializer(returned).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """The assigning side withdraws the task: it stops counting from today."""
        data = validated(s.ReasonSerializer, request)
        return Response(
            self._detail(services.task_withdraw(request.user, task=self._task(), **data).pk)
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str) -> Response:
        """The assigning side puts the task on hold: its deadline stops running."""
        data = validated(s.ReasonSerializer, request)
        return Response(
            self._detail(services.task_suspend(request.user, task=self._task(), **data).pk)
        )

    @extend_schema(request=s.ResumeSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str) -> Response:
        """The hold ends; the deadline moves on by the days on hold."""
        data = validated(s.ResumeSerializer, request)
        return Response(
            self._detail(services.task_resume(request.user, task=self._task(), **data).pk)
        )

    @extend_schema(request=s.CorrectionSerializer, responses=s.TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """Correct a wrongly entered assignment date or deadline, from the start."""
        data = validated(s.CorrectionSerializer, request)
        return Response(
            self._detail(services.task_correct(request.user, task=self._task(), **data).pk)
        )

    @extend_schema(
        request=s.ExtensionRequestInputSerializer, responses=s.ExtensionRequestSerializer
    )
    @action(detail=True, methods=["get", "post"], url_path="extension-requests")
    def extension_requests(self, request: Request, pk: str) -> Response:
        task = self._task()
        if request.method == "GET":
            return Response(
                s.ExtensionRequestSerializer(task.extension_requests.all(), many=True).data
            )
        data = validated(s.ExtensionRequestInputSerializer, request)
        created = services.extension_request(request.user, task=task, **data)
        return Response(s.ExtensionRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=SUMMARY_PARAMETERS, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def summary(self, request: Request) -> Response:
        """Status counts as of a date (the same as `manage.py task_summary`)."""
        query = summary_query_from(request.query_params)
        total, rows = summaries.task_summary(request.user, query)
        return Response(summaries.summary_as_dict(query, total, rows))

    @extend_schema(
        request={"multipart/form-data": s.ImportFileSerializer}, responses=OpenApiTypes.OBJECT
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Request) -> Response:
        """Import CSV or XLSX (the export format); all or nothing, problems listed by line."""
        upload = validated(s.ImportFileSerializer, request)["file"]
        try:
            report = tasks_import(request.user, upload)
        except ImportRejected as failure:
            return Response(failure.answer(), status=status.HTTP_400_BAD_REQUEST)
        return Response(report.answer())

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["csv", "xlsx"])],
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="export",
        content_negotiation_class=FileNegotiation,
    )
    def export(self, request: Request) -> StreamingHttpResponse:
        """The filtered list in the import format; with `as_of`, each task's status, deadline in
        force, completion and progress as of that date (the status column is not imported)."""
        filters = self._filters()
        tasks = tasks_filtered(actor=request.user, filters=filters)
        rows = export_rows(tasks, as_of=filters.status_as_of)
        if request.query_params.get("format") == "xlsx":
            buffer = io.BytesIO()
            write_xlsx(rows, buffer)
            response = StreamingHttpResponse(
                iter([buffer.getvalue()]),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = 'attachment; filename="nq57-tasks.xlsx"'
            return response
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nq57-tasks.csv"'
        return response


class ExtensionRequestViewSet(viewsets.GenericViewSet):
    """Decisions on extension requests by the assigning side."""

    queryset = ExtensionRequest.objects.none()
    serializer_class = s.ExtensionRequestSerializer
    lookup_value_regex = ID

    def _request(self) -> ExtensionRequest:
        return detail.get_extension_request_for_user(self.request.user, int(self.kwargs["pk"]))

    @extend_schema(request=None, responses=s.ExtensionRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        extension = self._request()
        services.extension_approve(request.user, request=extension)
        extension.refresh_from_db()
        return Response(s.ExtensionRequestSerializer(extension).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.ExtensionRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        data = validated(s.ReasonSerializer, request)
        refused = services.extension_refuse(request.user, request=self._request(), **data)
        return Response(s.ExtensionRequestSerializer(refused).data)
