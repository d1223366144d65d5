"""Base model and the domain audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import CODE_MAX_LENGTH, sentence_template


class TimeStampedModel(models.Model):
    """Adds creation and last-change timestamps."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which object, when, with the old and new values of what changed."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A code registered by the app that records it (core.events), not a choice: a new event
    # type needs no migration here.
    event = models.CharField(max_length=CODE_MAX_LENGTH)
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    subject_label = models.CharField(max_length=300, blank=True)
    # {"field": [old, new], ...} for changes, plus event-specific details.
    changes = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["subject_type", "subject_id", "occurred_at"])]
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.event} {self.subject_type}#{self.subject_id}"

    @property
    def sentence(self) -> str:
        # People read names: the user's full name (their username only when they have none).
        actor = str(self.actor) if self.actor else str(_("system"))
        return sentence_template(self.event).format(actor=actor, target=self.subject_label)


class RateHit(models.Model):
    """One attempt counted by `core.ratelimit`."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="rate_hit_lookup")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.at}"


class ScheduledRun(models.Model):
    """One period's run of a scheduled job (`core.schedule`): the row is taken before the
    job is enqueued, so a period runs once however many schedulers are awake."""

    class Status(models.TextChoices):
        ENQUEUED = "enqueued", _("enqueued")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    job = models.CharField(max_length=60)
    # The start of the period this run stands for (the hour, or the day's hour of a daily job).
    period = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENQUEUED)
    enqueued_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # What the job said it did (its command's output: "3 reminded, 1 escalated").
    outcome = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_once"),
        ]
        indexes = [models.Index(fields=["job", "-period"], name="scheduled_run_latest")]

    def __str__(self) -> str:
        return f"{self.job} {self.period:%Y-%m-%d %H:%M} {self.status}"


class WorkerHeartbeat(models.Model):
    """When the scheduler last asked the task worker for a sign of life, and when the worker
    last gave one: the readiness check (`core.health`) proves tasks are run, not only queued."""

    name = models.CharField(max_length=40, unique=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    ran_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: ran {self.ran_at}"


class WritePosition(models.Model):
    """Where the primary's WAL stood after a user's last write: their reads wait for a
    replica that has replayed past it (core.replica)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    # A WAL position as its byte offset (core.replica.lsn); 63 bits last for ever.
    lsn = models.BigIntegerField()
    recorded_at = models.DateTimeField()

    class Meta:
        db_table = "core_writeposition"  # named in the upsert of core.replica.positions

    def __str__(self) -> str:
        return f"user#{self.user_id} {self.lsn}"


class FormSubmission(models.Model):
    """A page form's submission, by the key the form carried (`core.once`): a second
    submission with the same key (a double click, a resent page) saves nothing again."""

    user_id = models.BigIntegerField()
    key = models.UUIDField()
    # Where the first submission led, so that a repeat lands on the same page.
    target = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_id", "key"], name="form_submission_once"),
        ]
        indexes = [models.Index(fields=["created_at"], name="form_submission_age")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}"


class Draft(models.Model):
    """A form's unsent content, kept on the server for its user (`core.drafts`): a report
    typed when the session ran out comes back after signing in again, and never stays in the
    browser of a shared office computer."""

    user_id = models.BigIntegerField()
    # The page the form is on (path and query): one draft per user and form page.
    path = models.CharField(max_length=300)
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_id", "path"], name="draft_per_user_and_page"),
        ]
        indexes = [models.Index(fields=["saved_at"], name="draft_age")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.path}"
