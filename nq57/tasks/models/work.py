"""The work on a task: progress reports, completion and extension requests, evidence."""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nq57.accounts.access import Actor

from ..choices import RequestStatus
from .tasks import Task

PartOfTask = TypeVar("PartOfTask", bound=models.Model)


class PartOfTaskQuerySet(models.QuerySet[PartOfTask]):
    """Reports, requests and evidence: seen by whoever sees their task."""

    def visible_to(self, actor: Actor) -> PartOfTaskQuerySet[PartOfTask]:
        return self.filter(task__in=Task.objects.visible_to(actor))


class ProgressReport(models.Model):
    """A dated report of a task's progress, with difficulties and proposals."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    reported_on = models.DateField(_("report date"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    narrative = models.TextField(_("progress"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartOfTaskQuerySet["ProgressReport"].as_manager()

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["task", "reported_on"], name="report_task_date")]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.reported_on} {self.percent}%"


class DecidedRequest(models.Model):
    """A request one side makes and the other decides: who asked, who decided, when, why."""

    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]


def one_pending_per_task(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["task"], condition=Q(status=RequestStatus.PENDING), name=name
    )


class CompletionRequest(DecidedRequest):
    """The lead organisation's request that a task be confirmed as completed."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completion_requests")
    note = models.TextField(_("note"), blank=True)
    # A completion an import brought in from history (requested and confirmed on the
    # imported `completed_on`), not decided through the two-person workflow.
    from_history = models.BooleanField(_("brought in from history"), default=False)

    objects = PartOfTaskQuerySet["CompletionRequest"].as_manager()

    class Meta(DecidedRequest.Meta):
        constraints = [one_pending_per_task("one_pending_completion_per_task")]

    def __str__(self) -> str:
        return f"completion {self.task_id} {self.status}"


class ExtensionRequest(DecidedRequest):
    """A request to move a task's deadline, decided by the assigning side."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    current_deadline = models.DateField()
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))

    objects = PartOfTaskQuerySet["ExtensionRequest"].as_manager()

    class Meta(DecidedRequest.Meta):
        constraints = [one_pending_per_task("one_pending_extension_per_task")]

    def __str__(self) -> str:
        return f"extension {self.task_id} → {self.requested_deadline} {self.status}"

    @property
    def days_asked(self) -> int:
        """Calendar days the deadline would move by."""
        return (self.requested_deadline - self.current_deadline).days


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.task_id}/{filename}"


class Evidence(models.Model):
    """A file or a link that shows work done, attached to a report or a completion request."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    progress_report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    completion_request = models.ForeignKey(
        CompletionRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(upload_to=evidence_path, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    link = models.URLField(max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartOfTaskQuerySet["Evidence"].as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""), name="evidence_has_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.link
