"""Programmes and tasks with the six clear elements, their coordination and deadlines."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from nq57.accounts.access import Actor, scope_of
from nq57.core.models import TimeStampedModel
from nq57.orgs.models import Organization

from ..choices import DeadlineSource, TaskKind


class Program(TimeStampedModel):
    """The document tasks come from: a resolution, a directive, a plan."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.code


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, actor: Actor) -> TaskQuerySet:
        """Tasks the actor's organisations (or those below) lead, coordinate or assigned."""
        scope = scope_of(actor)
        if scope.everything:
            return self.all()
        if not scope.paths:
            return self.none()
        org_ids = scope.subtree_org_ids()
        coordinated = TaskCoordination.objects.filter(
            task=OuterRef("pk"), organization_id__in=org_ids
        )
        return self.filter(
            Q(lead_org_id__in=org_ids) | Q(assigned_by_id__in=org_ids) | Exists(coordinated)
        )


class Task(TimeStampedModel):
    """A task with the six clear elements: person, work, time, responsibility, product,
    authority."""

    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        db_index=False,  # the unique (program, code) index leads with it
        related_name="tasks",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=64)
    # Work
    title = models.CharField(_("title"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    # Person
    responsible_person = models.CharField(_("responsible person"), max_length=255, blank=True)
    # Time: the deadline in force today and the day it took force; history in TaskDeadline.
    kind = models.CharField(
        _("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.DEADLINE
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_since = models.DateField(null=True, blank=True)
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    # Responsibility
    lead_org = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        db_index=False,  # task_lead_status_cover leads with it
        related_name="led_tasks",
        verbose_name=_("lead organisation"),
    )
    coordinating_orgs: models.ManyToManyField[Organization, TaskCoordination] = (
        models.ManyToManyField(
            "orgs.Organization",
            through="TaskCoordination",
            related_name="coordinated_tasks",
            verbose_name=_("coordinating organisations"),
            blank=True,
        )
    )
    # Product
    expected_product = models.TextField(_("expected product"), blank=True)
    # Authority
    assigned_by = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        verbose_name=_("assigning organisation"),
    )
    assigned_on = models.DateField(_("assigned on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The day the lead asked for the completion that was confirmed: on time or late is judged
    # on it (DESIGN.md §6), not on the day the assigning side got to it. Empty for a completion
    # brought in from history, whose date is both the request and the confirmation.
    completion_requested_on = models.DateField(_("completion requested on"), null=True, blank=True)
    is_priority = models.BooleanField(_("priority"), default=False)
    # Defence and public security tasks: counted in the public ranking like any other, but
    # listed there without their title or code (DESIGN.md §6, issue 11).
    is_confidential = models.BooleanField(_("confidential"), default=False, db_default=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
        verbose_name=_("parent task"),
    )
    weight = models.PositiveIntegerField(_("weight"), default=1)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_reported_on = models.DateField(null=True, blank=True)
    # Comma-separated SixClear values the task does not name; kept by the services.
    missing_elements = models.CharField(max_length=80, blank=True)
    # Accent-free title and code, so "chuyen doi so" finds "chuyển đổi số".
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["program_id", "code"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="task_code_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
            # A regular task may carry an indicative date; it never makes the task overdue.
            models.CheckConstraint(
                condition=Q(kind=TaskKind.REGULAR) | Q(deadline__isnull=False),
                name="task_deadline_required",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("assigned_on")),
                name="task_deadline_after_assignment",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("assigned_on")),
                name="task_completion_after_assignment",
            ),
            models.CheckConstraint(
                condition=Q(completion_requested_on__isnull=True)
                | Q(
                    completed_on__gte=models.F("completion_requested_on"),
                    completion_requested_on__gte=models.F("assigned_on"),
                ),
                name="task_completion_requested_before_confirmed",
            ),
        ]
        indexes = [
            # An organisation's tasks with what their status and the default order need: the
            # filtered list's count and page of ids come from the index alone.
            models.Index(
                fields=[
                    "lead_org",
                    "deadline",
                    "kind",
                    "completed_on",
                    "deadline_since",
                    "assigned_on",
                    "id",
                ],
                name="task_lead_status_cover",
            ),
            models.Index(fields=["assigned_by"], name="task_assigned_by"),
            # Everything the status rule reads, so counting a million tasks is an index-only
            # scan instead of a pass over the whole table.
            models.Index(
                fields=[
                    "assigned_on",
                    "kind",
                    "completed_on",
                    "deadline",
                    "deadline_since",
                    "lead_org",
                    "program",
                ],
                name="task_status_cover",
            ),
            models.Index(fields=["deadline"], name="task_deadline"),
            # Deadline tasks in deadline order with what their status needs: "in progress, due
            # by", its count and the overdue count are read from the index alone.
            models.Index(
                fields=["deadline", "id", "completed_on", "assigned_on", "deadline_since"],
                condition=Q(kind=TaskKind.DEADLINE),
                name="task_deadline_cover",
            ),
            # The few tasks extended after their assignment: whose deadline in force at a past
            # date comes from the history.
            models.Index(
                fields=["deadline_since"],
                condition=Q(deadline_since__gt=models.F("assigned_on")),
                name="task_extended",
            ),
            # Open deadline tasks by date of their latest report: the stale count and list.
            models.Index(
                fields=["progress_reported_on", "id", "assigned_on", "lead_org"],
                condition=Q(kind=TaskKind.DEADLINE, completed_on__isnull=True),
                name="task_open_by_report",
            ),
            # The same tasks by lead organisation: an organisation's stale count.
            models.Index(
                fields=["lead_org", "progress_reported_on", "assigned_on"],
                condition=Q(kind=TaskKind.DEADLINE, completed_on__isnull=True),
                name="task_open_by_lead",
            ),
        ]

    def __str__(self) -> str:
        return task_label(self.code, self.title)

    @property
    def is_regular(self) -> bool:
        return self.kind == TaskKind.REGULAR

    @property
    def missing_list(self) -> list[str]:
        return [m for m in self.missing_elements.split(",") if m]


def task_label(code: str, title: str) -> str:
    """How a task is named in timelines and lists."""
    return f"{code} — {title[:80]}"


class TaskCoordination(models.Model):
    """An organisation that coordinates a task (cơ quan phối hợp)."""

    # The unique (task, organization) and the (organization, task) indexes serve both keys.
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, db_index=False, related_name="coordinations"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        db_index=False,
        related_name="coordinations",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="coordination_unique"),
        ]
        indexes = [models.Index(fields=["organization", "task"], name="coordination_org_task")]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.organization_id}"


class TaskDeadline(models.Model):
    """One deadline of a task and the day it took force; the first is the original."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, db_index=False, related_name="deadlines"
    )  # deadline_task_effective leads with it
    deadline = models.DateField(_("deadline"))
    effective_on = models.DateField(_("in force from"))
    source = models.CharField(max_length=12, choices=DeadlineSource.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "id"]
        # The deadline in force at a date: the latest by (effective_on, id), read backwards
        # from the index with no sort, once for each extended task a past dashboard counts.
        indexes = [
            models.Index(fields=["task", "effective_on", "id"], name="deadline_task_effective_id")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} (from {self.effective_on})"
