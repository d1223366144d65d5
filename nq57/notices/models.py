"""What an official is told: one notice per recipient and event, read in the app and mailed
(at once or in the daily digest, as the recipient chose)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One thing one user is told. `key` names the event (a task's completion returned, a
    deadline seven days away): the same event is never told twice to the same user."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    # The facts the kind's sentence is rendered with, in the reader's language.
    params = models.JSONField(default=dict)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    # The delivery that took this notice: whoever claims a notice first mails it.
    mail_batch = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notice_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_recent"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notice_unread",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(mail_batch__isnull=True),
                name="notice_unmailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.key}"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("By e-mail at once")
    DIGEST = "digest", _("By e-mail once a day (digest)")
    IN_APP = "in_app", _("In NQ57 only, no e-mail")


class Preferences(models.Model):
    """How a user wants to be told; a user without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_preferences",
    )
    delivery = models.CharField(
        _("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    # Days before a deadline to be reminded, e.g. [7, 1].
    deadline_days = models.JSONField(_("remind me before a deadline (days)"), default=list)
    silence_days = models.PositiveSmallIntegerField(
        _("remind me after this many days without a progress report"), default=7
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.delivery}"
