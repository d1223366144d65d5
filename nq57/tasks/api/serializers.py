"""Input and output shapes of the task API; inputs feed the services, outputs read selectors."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization
from nq57.tasks.choices import TaskKind
from nq57.tasks.models import (
    COMMENT_MAX_LENGTH,
    CompletionRequest,
    Evidence,
    ExtensionRequest,
    Program,
    ProgressReport,
    Task,
    TaskComment,
    TaskDeadline,
)
from nq57.tasks.status import Status


@extend_schema_field(OpenApiTypes.STR)
class OrgField(serializers.Field):
    """An organisation given by code or name; shown by code."""

    def to_representation(self, value: Organization) -> str:
        return value.code

    def to_internal_value(self, data: Any) -> Organization:
        try:
            return resolve_org(str(data))
        except OrgLookupError as exc:
            raise serializers.ValidationError(str(exc)) from None


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["code", "title", "issuing_body", "issued_on"]


class TaskListSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    lead_org = serializers.CharField(source="lead_org.code")
    assigned_by = serializers.CharField(source="assigned_by.code")
    status = serializers.ChoiceField(
        choices=[s.value for s in Status], read_only=True, allow_null=True
    )
    missing_elements = serializers.ListField(child=serializers.CharField(), source="missing_list")

    class Meta:
        model = Task
        fields = [
            "id",
            "program",
            "code",
            "title",
            "kind",
            "lead_org",
            "assigned_by",
            "assigned_on",
            "deadline",
            "completed_on",
            "progress",
            "is_priority",
            "is_confidential",
            "status",
            "missing_elements",
            "parent",
            "version",
        ]


class TaskDeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskDeadline
        fields = ["deadline", "effective_on", "source"]


class TaskDetailSerializer(TaskListSerializer):
    coordinating_orgs = serializers.SlugRelatedField[Organization](
        slug_field="code", many=True, read_only=True
    )
    deadlines = TaskDeadlineSerializer(many=True, read_only=True)

    class Meta(TaskListSerializer.Meta):
        fields = [
            *TaskListSerializer.Meta.fields,
            "description",
            "responsible_person",
            "expected_product",
            "coordinating_orgs",
            "original_deadline",
            "weight",
            "deadlines",
            "withdrawn_on",
            "withdrawal_reason",
            "suspended_since",
            "progress_reported_on",
            "created_at",
            "updated_at",
        ]


class TaskCreateSerializer(serializers.Serializer):
    program = serializers.SlugRelatedField(slug_field="code", queryset=Program.objects.all())
    code = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=1000)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_person = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=TaskKind.choices, default=TaskKind.DEADLINE)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    lead_org = OrgField()
    coordinating_orgs = serializers.ListField(child=OrgField(), required=False, default=list)
    assigned_by = OrgField()
    assigned_on = serializers.DateField()
    # Required (by the service) when the secretariat brings a past assignment in.
    history_reason = serializers.CharField(required=False, allow_blank=True, default="")
    expected_product = serializers.CharField(required=False, allow_blank=True, default="")
    is_priority = serializers.BooleanField(required=False, default=False)
    # Counted in the public ranking but listed there as "Nhiệm vụ mật", without its title.
    is_confidential = serializers.BooleanField(required=False, default=False)
    # DRF moves declared fields off the class, so this shadows nothing at run time.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        required=False, allow_null=True, default=None
    )
    weight = serializers.IntegerField(required=False, min_value=1, default=1)


class CompletionConfirmSerializer(serializers.Serializer):
    evidence_checked = serializers.BooleanField(
        required=False, default=False, help_text="Must be true: the decider checked the evidence."
    )


class ResumeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectionSerializer(serializers.Serializer):
    assigned_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The corrected assignment date."
    )
    deadline = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The corrected deadline set at assignment; applies from the start.",
    )
    reason = serializers.CharField(allow_blank=True)


class TaskUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=1000, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    responsible_person = serializers.CharField(required=False, allow_blank=True)
    expected_product = serializers.CharField(required=False, allow_blank=True)
    is_priority = serializers.BooleanField(required=False)
    weight = serializers.IntegerField(required=False, min_value=1)
    lead_org = OrgField(required=False)
    coordinating_orgs = serializers.ListField(child=OrgField(), required=False)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "link", "created_at"]


class ProgressReportSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    created_by = serializers.StringRelatedField[Any]()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "reported_on",
            "percent",
            "narrative",
            "difficulties",
            "proposals",
            "evidence",
            "created_by",
            "created_at",
        ]


class ProgressReportInputSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    difficulties = serializers.CharField(required=False, allow_blank=True, default="")
    proposals = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    links = serializers.ListField(child=serializers.URLField(), required=False, default=list)


class CompletionRequestInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    links = serializers.ListField(child=serializers.URLField(), required=False, default=list)


class CompletionRequestSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = CompletionRequest
        fields = [
            "id",
            "task",
            "status",
            "note",
            "evidence",
            "requested_at",
            "decided_on",
            "decision_reason",
        ]


# Named apart from the indicator forms' own ReasonSerializer: one component name for two
# serializers made drf-spectacular describe one of them wrongly.
@extend_schema_serializer(component_name="TaskReason")
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ExtensionRequestInputSerializer(serializers.Serializer):
    requested_deadline = serializers.DateField()
    reason = serializers.CharField()


class ExtensionRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "task",
            "status",
            "current_deadline",
            "requested_deadline",
            "reason",
            "requested_at",
            "decided_on",
            "decision_reason",
        ]


class TaskCommentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField[Any]()
    author_org = serializers.SlugRelatedField[Organization](
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = TaskComment
        fields = ["id", "task", "author", "author_org", "side", "body", "created_at"]


class TaskCommentInputSerializer(serializers.Serializer):
    # The service holds the rule and its messages (not empty once trimmed); the limit is
    # stated here for the schema.
    body = serializers.CharField(
        max_length=COMMENT_MAX_LENGTH, allow_blank=True, trim_whitespace=False
    )


class AuditEventSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    event = serializers.CharField()
    actor = serializers.CharField(source="actor.username", default=None)
    sentence = serializers.CharField()
    changes = serializers.DictField()
    data = serializers.DictField()  # type: ignore[assignment]


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField()
