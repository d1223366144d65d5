"""Kinds, states and events of the public feedback portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback")
    RECOMMENDATION = "recommendation", _("Recommendation")
    INITIATIVE = "initiative", _("Initiative")
    SOLUTION = "solution", _("Solution")


class ItemStatus(models.TextChoices):
    RECEIVED = "received", _("Received, being sorted")
    ROUTED = "routed", _("Sent to the responsible body")
    HANDLING = "handling", _("Being handled")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Outside the portal's scope")
    MERGED = "merged", _("Merged with a similar item")


# The states in which a body owes an answer, and the deadline runs.
OPEN_WITH_BODY = (ItemStatus.ROUTED, ItemStatus.HANDLING)


class EventKind(models.TextChoices):
    """Every move of an item; the label is what its public history says."""

    SUBMITTED = "submitted", _("Received")
    ROUTED = "routed", _("Sent to {body}")
    ACCEPTED = "accepted", _("Accepted by {body}")
    DECLINED = "declined", _("{body} said it is not theirs: back to sorting")
    ANSWERED = "answered", _("Answered by {body}")
    REFUSED = "refused", _("Found outside the portal's scope")
    MERGED = "merged", _("Merged with a similar item")
    REMINDED = "reminded", _("{body} reminded of the deadline")
    ASSESSED = "assessed", _("Assessed by a reviewer of {body}")
    ADOPTED = "adopted", _("Adopted by {body}: it became a task")
    NOT_ADOPTED = "not_adopted", _("Not adopted by {body}")
    ESCALATED = "escalated", _("Deadline passed: raised to {body}'s parent and the secretariat")


# Kinds that are assessed and decided on, and may become tasks.
PROPOSALS = (Kind.INITIATIVE, Kind.SOLUTION)
