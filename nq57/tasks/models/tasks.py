"""Programmes and tasks with the six clear elements, their coordination and deadlines."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
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


# Deadline tasks someone must still work on today: not completed, withdrawn or on hold. The
# stale and freshness figures count them; their partial indexes use this very condition.
OPEN_NOW = Q(
    kind=TaskKind.DEADLINE,
    completed_on__isnull=True,
    withdrawn_on__isnull=True,
    suspended_since__isnull=True,
)


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, actor: Actor) -> TaskQuerySet:
        """Tasks the actor's organisations (or those below) lead, coordinate or assigned."""
        scope = scope_of(actor)
        if scope.everything:
            return self.all()
        if not scope.paths:
            return self.none()
        # Lead OR assigner OR an EXISTS over coordinations makes PostgreSQL read every task
        # (issue 13): each branch alone is an index range, so the scope is their union. The ids
        # go in as values: against a subquery the planner guesses an organisation assigns
        # rows / (the few assigners) tasks and reads the whole table for the assigner branch.
        org_ids = list(scope.subtree_org_ids().values_list("pk", flat=True))
        if not org_ids:
            return self.none()
        led = Task.objects.filter(lead_org_id__in=org_ids).order_by().values("pk")
        assigned = Task.objects.filter(assigned_by_id__in=org_ids).order_by().values("pk")
        coordinated = TaskCoordination.objects.filter(organization_id__in=org_ids).order_by()
        return self.filter(pk__in=led.union(assigned, coordinated.values("task_id")))


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
    # The lifecycle (DESIGN.md §6): a withdrawn task counts until the day before
    # `withdrawn_on`; a suspended one is neither in progress nor overdue while on hold. The
    # periods on hold are in TaskSuspension; `first_suspended_on` lets the status rule skip
    # the look-up for the many tasks never suspended, `suspended_since` says it is on hold now.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    # A database default: imports write tasks in bulk with the columns they know.
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, db_default="")
    first_suspended_on = models.DateField(null=True, blank=True)
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("assigned_on")),
                name="task_withdrawn_after_assignment",
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
                    "withdrawn_on",
                    "first_suspended_on",
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
                    "withdrawn_on",
                    "first_suspended_on",
                    # The look-up of a suspension is correlated on the id.
                    "id",
                ],
                name="task_status_cover",
            ),
            models.Index(fields=["deadline"], name="task_deadline"),
            # Deadline tasks in deadline order with what their status needs: "in progress, due
            # by", its count and the overdue count are read from the index alone.
            models.Index(
                fields=[
                    "deadline",
                    "id",
                    "completed_on",
                    "assigned_on",
                    "deadline_since",
                    "withdrawn_on",
                    "first_suspended_on",
                ],
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
                condition=OPEN_NOW,
                name="task_open_by_report",
            ),
            # The same tasks by lead organisation: an organisation's stale count.
            models.Index(
                fields=["lead_org", "progress_reported_on", "assigned_on"],
                condition=OPEN_NOW,
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


class TaskSuspension(models.Model):
    """A time the assigning side put the task on hold, from `starts_on` until the day before
    `ends_on` (the day it resumed; empty while still on hold)."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, db_index=False, related_name="suspensions"
    )  # suspension_task_starts leads with it
    starts_on = models.DateField(_("suspended on"))
    ends_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    resume_reason = models.TextField(_("reason for resuming"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(fields=["task", "starts_on", "ends_on"], name="suspension_task_starts")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="suspension_ends_after_start",
            ),
            # At most one suspension of a task is open at a time.
            models.UniqueConstraint(
                fields=["task"], condition=Q(ends_on__isnull=True), name="suspension_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.starts_on} – {self.ends_on or '…'}"


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
