"""Forms: an organisation submits a period's values, the monitoring organisation approves
(the values lock) or returns them with the reason."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.core.actors import user_id_of
from nq57.core.errors import DomainError, InvalidTransition, NotPermitted
from nq57.core.locking import reread_for_update
from nq57.core.periods import Period, PeriodType
from nq57.orgs.models import Organization

from .. import events, permissions
from ..choices import PERIOD_SHAPES, SubmissionStatus
from ..models import DataSet, Submission


def due_on(dataset: DataSet, period: Period) -> date:
    """The day a data set's form for `period` is due."""
    return period.end + timedelta(days=dataset.due_days)


@transaction.atomic
def submission_submit(
    actor: Actor, *, dataset: DataSet, org: Organization, period: Period, today: date
) -> Submission:
    """An organisation sends its form for a period to the monitoring organisation; a
    returned form may be sent again. Late when sent after the due date."""
    if PeriodType(dataset.period_type) is not period.type:
        raise DomainError(
            _("%(dataset)s is reported for each %(kind)s")
            % {"dataset": dataset.code, "kind": PERIOD_SHAPES[PeriodType(dataset.period_type)][0]},
            fields={"period": [_("wrong kind of period")]},
        )
    if not permissions.can_enter_for(actor, org.path):
        raise NotPermitted(_("You may not submit forms for this organisation."))
    submission, _created = Submission.objects.select_for_update().get_or_create(
        dataset=dataset,
        org=org,
        period=period.code,
        defaults={"due_on": due_on(dataset, period)},
    )
    if submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        raise InvalidTransition(
            _("This form is already %(status)s.")
            % {"status": submission.get_status_display().lower()}
        )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_on = today
    submission.submitted_by_id = user_id_of(actor)
    submission.save()
    audit.record(
        actor,
        events.FORM_SUBMITTED,
        subject=submission,
        data={"late": submission.is_late, "due_on": submission.due_on},
    )
    return submission


@transaction.atomic
def submission_approve(actor: Actor, *, submission: Submission, today: date) -> Submission:
    """The monitoring organisation accepts a submitted form: its values lock."""
    return _decide(actor, submission, SubmissionStatus.APPROVED, "", today)


@transaction.atomic
def submission_return(
    actor: Actor, *, submission: Submission, reason: str, today: date
) -> Submission:
    """The monitoring organisation sends a form back, with the reason, to be corrected."""
    if not reason.strip():
        raise DomainError(_("Give the reason."), fields={"reason": [_("This field is required.")]})
    return _decide(actor, submission, SubmissionStatus.RETURNED, reason.strip(), today)


def _decide(
    actor: Actor, submission: Submission, status: SubmissionStatus, reason: str, today: date
) -> Submission:
    submission = reread_for_update(submission, "dataset__monitor", "org")
    if not permissions.can_approve_for(actor, submission.dataset):
        raise NotPermitted(_("Only the monitoring organisation decides on this form."))
    if submission.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted form can be approved or returned."))
    submission.status, submission.reason = status, reason
    submission.decided_on, submission.decided_by_id = today, user_id_of(actor)
    submission.save()
    event = events.FORM_APPROVED if status == SubmissionStatus.APPROVED else events.FORM_RETURNED
    audit.record(actor, event, subject=submission, data={"reason": reason} if reason else None)
    return submission
