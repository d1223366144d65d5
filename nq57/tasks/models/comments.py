"""The discussion on a task between its lead and its assigning side."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from nq57.orgs.models import Organization

from ..choices import CommentSide
from .tasks import Task
from .work import PartOfTaskQuerySet

# Long enough for a reasoned reply, short enough to stay a message, not a report.
COMMENT_MAX_LENGTH = 4000


class TaskComment(models.Model):
    """One message in a task's thread. A record, like a report: never edited or deleted; the
    side and organisation it spoke for are kept as they were when it was written."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The organisation whose role let the author write (none for a superuser): memberships
    # change, the thread must still say who spoke for whom.
    author_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("side"), max_length=12, choices=CommentSide.choices)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartOfTaskQuerySet["TaskComment"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), COMMENT_MAX_LENGTH),
                name="comment_body_max_length",
            ),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.task_id}"
