"""Requests from one body to another for the data of a database: the provider grants (with
the connection details) or refuses with a legal basis and a written justification, which the
competent authority upholds or overrules (see `sharing_rules` for the moves)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nq57.core.models import TimeStampedModel
from nq57.orgs.models import Organization

from ..sharing_rules import AWAITING_PROVIDER, AuthorityDecision, RefusalBasis, SharingState
from .databases import Database

REFUSAL_STATES = [SharingState.REFUSED, SharingState.UPHELD, SharingState.OVERRULED]
DECIDED_STATES = [SharingState.UPHELD, SharingState.OVERRULED]


class SharingRequest(TimeStampedModel):
    """One body's request for data of another body's database, and every answer to it."""

    database = models.ForeignKey(
        Database, verbose_name=_("database"), on_delete=models.PROTECT, related_name="requests"
    )
    requester = models.ForeignKey(
        Organization,
        verbose_name=_("requesting organisation"),
        on_delete=models.PROTECT,
        related_name="sharing_requests_sent",
    )
    # The database's owner on the day of the request: who must answer, whatever changes later.
    provider = models.ForeignKey(
        Organization,
        verbose_name=_("providing organisation"),
        on_delete=models.PROTECT,
        related_name="sharing_requests_received",
    )
    # The competent authority configured on the day of the request (NQ57_SHARING_AUTHORITY).
    authority = models.ForeignKey(
        Organization,
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        related_name="sharing_requests_supervised",
    )
    fields_requested = models.TextField(_("data fields requested"))
    purpose = models.TextField(_("purpose"))
    legal_basis = models.TextField(_("legal basis of the request"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_on = models.DateField(_("submitted on"))
    due_on = models.DateField(_("answer due"))
    state = models.CharField(
        _("state"), max_length=16, choices=SharingState.choices, default=SharingState.PENDING
    )
    # The provider's first answer (a grant or a refusal): what "answered on time" judges.
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    # Seen only by the requesting and the providing organisations.
    connection_details = models.TextField(_("connection details"), blank=True)
    refusal_basis = models.CharField(
        _("legal basis of the refusal"), max_length=16, choices=RefusalBasis.choices, blank=True
    )
    refusal_citation = models.CharField(_("citation"), max_length=500, blank=True)
    refusal_justification = models.TextField(_("justification of the refusal"), blank=True)
    decision = models.CharField(
        _("authority's decision"), max_length=16, choices=AuthorityDecision.choices, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # After an overrule: the fresh deadline within which the provider must grant.
    grant_due_on = models.DateField(_("grant due"), null=True, blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("data sharing request")
        verbose_name_plural = _("data sharing requests")
        constraints = [
            # A refusal never stands without its basis and its written justification.
            models.CheckConstraint(
                condition=~Q(state__in=REFUSAL_STATES)
                | (~Q(refusal_basis="") & ~Q(refusal_justification="")),
                name="sharing_refusal_is_justified",
            ),
            models.CheckConstraint(
                condition=~Q(refusal_basis=RefusalBasis.OTHER) | ~Q(refusal_citation=""),
                name="sharing_other_basis_is_cited",
            ),
            # The authority's decision is reasoned, and taken only on a refusal.
            models.CheckConstraint(
                condition=Q(decision="") | (~Q(decision_reason="") & ~Q(refusal_basis="")),
                name="sharing_decision_is_reasoned",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=DECIDED_STATES) | ~Q(decision=""),
                name="sharing_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("provider")), name="sharing_not_to_oneself"
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "submitted_on"], name="sharing_by_provider"),
            models.Index(fields=["requester", "submitted_on"], name="sharing_by_requester"),
            models.Index(fields=["state", "due_on"], name="sharing_open_by_due"),
        ]

    def __str__(self) -> str:
        return f"YC-{self.pk}"

    @property
    def code(self) -> str:
        return f"YC-{self.pk}"

    @property
    def answer_due_on(self) -> date | None:
        """The deadline running now: the first one, or the fresh one after an overrule."""
        if self.state == SharingState.OVERRULED:
            return self.grant_due_on
        return self.due_on if self.state == SharingState.PENDING else None

    def is_overdue(self, today: date) -> bool:
        due = self.answer_due_on
        return self.state in AWAITING_PROVIDER and due is not None and due < today
