"""Data-subject requests (a copy, a correction, a deletion) and the register of personal-data
breaches (Decree 13/2023/NĐ-CP, the Law on Personal Data Protection)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nq57.core.models import TimeStampedModel

from .choices import RequestKind, RequestStatus


class DataRequest(TimeStampedModel):
    """A person's request about the personal data the portal holds on them, tracked from
    receipt to its answer or refusal."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_requests"
    )
    kind = models.CharField(_("request"), max_length=16, choices=RequestKind.choices)
    # The item concerned; none: the account and every item the person sent.
    item = models.ForeignKey(
        "feedback.Item",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("item"),
    )
    wrong = models.TextField(_("what is wrong"), blank=True)
    wanted = models.TextField(_("what it should be"), blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("answer due"))
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The answer, or the reason for a refusal.
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "due_at"], name="data_request_open_by_due")]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.kind})"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.RECEIVED


class Breach(TimeStampedModel):
    """A personal-data breach: when it was discovered, what happened, whose data and how
    many people, what was done, when the authority (A05) was told and when it was closed."""

    discovered_at = models.DateTimeField(_("discovered at"))
    description = models.TextField(_("what happened"))
    # Codes of the processing activities in core/data/processing.json whose data it touched.
    categories = models.JSONField(_("categories of data"), default=list)
    people_affected = models.PositiveIntegerField(_("people affected (roughly)"))
    measures = models.TextField(_("measures taken"))
    notified_at = models.DateTimeField(_("authority notified at"), null=True, blank=True)
    late_reason = models.TextField(_("why the notification was late"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return f"#{self.pk}"
