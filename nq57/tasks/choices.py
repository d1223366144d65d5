"""Enumerations of the task domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    DEADLINE = "deadline", _("With a deadline")
    REGULAR = "regular", _("Regular (ongoing)")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class CommentSide(models.TextChoices):
    """On whose behalf a comment on a task was written: whom it addresses follows from it."""

    LEAD = "lead", _("Lead side")
    ASSIGNING = "assigning", _("Assigning side")
    SECRETARIAT = "secretariat", _("Secretariat")


class DeadlineSource(models.TextChoices):
    ORIGINAL = "original", _("Original deadline")
    EXTENSION = "extension", _("Approved extension")
    CORRECTION = "correction", _("Correction")
    RESUMPTION = "resumption", _("Moved on resumption")


# Deadlines the workflow set after the assignment: a file (an old copy of the list, say) does
# not undo them.
WORKFLOW_DEADLINE_SOURCES = (
    DeadlineSource.EXTENSION,
    DeadlineSource.RESUMPTION,
    DeadlineSource.CORRECTION,
)
# Deadlines that apply from the assignment day, and move with it.
FROM_THE_START_SOURCES = (DeadlineSource.ORIGINAL, DeadlineSource.CORRECTION)


class SixClear(models.TextChoices):
    """The "six clear" elements every task must name."""

    PERSON = "person", _("Clear person")
    WORK = "work", _("Clear work")
    TIME = "time", _("Clear time")
    RESPONSIBILITY = "responsibility", _("Clear responsibility")
    PRODUCT = "product", _("Clear product")
    AUTHORITY = "authority", _("Clear authority")


# How people read each status (the values are nq57.tasks.status.Status, plus "completed").
STATUS_LABELS = {
    "completed": _("Completed"),
    "completed_on_time": _("Completed on time"),
    "completed_late": _("Completed late"),
    "in_progress": _("In progress within deadline"),
    "overdue": _("Overdue"),
    "regular": _("Regular"),
}
