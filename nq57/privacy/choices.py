"""Kinds and states of data-subject requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    COPY = "copy", _("A copy of my personal data")
    CORRECTION = "correction", _("Correct my personal data")
    DELETION = "deletion", _("Delete my personal data")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received, being handled")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


class ClockState(models.TextChoices):
    """Where a breach stands against the 72-hour notification clock."""

    RUNNING = "running", _("to notify")
    OVERDUE = "overdue", _("overdue")
    NOTIFIED = "notified", _("notified in time")
    NOTIFIED_LATE = "notified_late", _("notified late")
