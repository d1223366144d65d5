"""Base model and the domain audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change timestamps."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEventType(models.TextChoices):
    """Every domain event; the label is the sentence a timeline shows."""

    ORG_CREATED = "org.created", _("{actor} created organisation {target}")
    ORG_UPDATED = "org.updated", _("{actor} updated organisation {target}")
    MEMBERSHIP_GRANTED = "membership.granted", _("{actor} granted a role to {target}")
    TOKEN_ISSUED = "token.issued", _("{actor} issued an API token for {target}")
    PROGRAM_CREATED = "program.created", _("{actor} created programme {target}")
    TASK_ASSIGNED = "task.assigned", _("{actor} assigned task {target}")
    TASK_UPDATED = "task.updated", _("{actor} updated task {target}")
    TASK_IMPORTED = "task.imported", _("{actor} imported task {target}")
    PROGRESS_REPORTED = "progress.reported", _("{actor} reported progress on {target}")
    COMPLETION_REQUESTED = "completion.requested", _("{actor} requested completion of {target}")
    COMPLETION_CONFIRMED = "completion.confirmed", _("{actor} confirmed completion of {target}")
    COMPLETION_RETURNED = "completion.returned", _("{actor} returned the completion of {target}")
    EXTENSION_REQUESTED = "extension.requested", _("{actor} requested an extension of {target}")
    EXTENSION_APPROVED = "extension.approved", _("{actor} approved an extension of {target}")
    EXTENSION_REFUSED = "extension.refused", _("{actor} refused an extension of {target}")
    INDICATOR_DEFINED = "indicator.defined", _("{actor} defined indicator {target}")
    VALUE_ENTERED = "value.entered", _("{actor} entered value {target}")
    FORM_SUBMITTED = "form.submitted", _("{actor} submitted form {target}")
    FORM_APPROVED = "form.approved", _("{actor} approved form {target}")
    FORM_RETURNED = "form.returned", _("{actor} returned form {target}")
    CITIZEN_REGISTERED = "citizen.registered", _("{target} signed in for the first time")
    RANKING_WEIGHTS_SET = "ranking.weights_set", _("{actor} set the ranking's weights {target}")


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
    event = models.CharField(max_length=40, choices=AuditEventType.choices)
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
        actor = self.actor.get_username() if self.actor else str(_("system"))
        template = str(AuditEventType(self.event).label)
        return template.format(actor=actor, target=self.subject_label)


class RateHit(models.Model):
    """One attempt counted by `core.ratelimit`."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="rate_hit_lookup")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.at}"
