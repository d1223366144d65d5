"""What the lead organisation's side does on a task: progress reports with evidence, the
request that the task be confirmed as completed, the request for an extension."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import IO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.calendar import add_working_days
from nq57.core.errors import InvalidTransition, ValidationFailed
from nq57.core.files import sniff_type
from nq57.core.uploads import removes_files_on_failure, stored

from .. import events, permissions
from ..choices import RequestStatus, TaskKind
from ..models import (
    CompletionRequest,
    Evidence,
    ExtensionRequest,
    ProgressReport,
    Task,
)
from .assignment import roll_up_from
from .checks import (
    FieldErrors,
    add_error,
    lock_task,
    raise_if_any,
    refuse_while_on_hold,
    shown,
)


def _attach_evidence(
    actor: Actor,
    *,
    task: Task,
    files: Iterable[IO[bytes]],
    links: Iterable[str],
    progress_report: ProgressReport | None = None,
    completion_request: CompletionRequest | None = None,
) -> list[Evidence]:
    items: list[Evidence] = []
    for upload in files:
        mime = sniff_type(upload, field="evidence")
        evidence = Evidence(
            task=task,
            progress_report=progress_report,
            completion_request=completion_request,
            original_name=str(getattr(upload, "name", "file"))[:255],
            content_type=mime,
            size=getattr(upload, "size", 0) or 0,
            created_by_id=user_id_of(actor),
        )
        evidence.file.save(evidence.original_name, upload, save=False)
        stored(evidence.file.storage, evidence.file.name)
        evidence.save()
        items.append(evidence)
    for link in links:
        link = link.strip()
        if not link.startswith(("https://", "http://")):
            raise ValidationFailed(
                "bad link",
                fields={"links": [_("'%(link)s' is not a web address") % {"link": link}]},
            )
        items.append(
            Evidence.objects.create(
                task=task,
                progress_report=progress_report,
                completion_request=completion_request,
                link=link,
                created_by_id=user_id_of(actor),
            )
        )
    return items


def _lock_for_reporting(actor: Actor, task: Task) -> Task:
    refusal = _("Only the lead organisation may report on this task.")
    return lock_task(actor, task, may=permissions.can_report, refusal=refusal)


@removes_files_on_failure
@transaction.atomic
def progress_report_submit(
    actor: Actor,
    *,
    task: Task,
    reported_on: date,
    percent: int,
    narrative: str = "",
    difficulties: str = "",
    proposals: str = "",
    files: Iterable[IO[bytes]] = (),
    links: Iterable[str] = (),
    grace_working_days: int | None = None,
) -> ProgressReport:
    """File a progress report; a past date is accepted only within the grace period."""
    locked = _lock_for_reporting(actor, task)
    _check_report(locked, reported_on=reported_on, percent=percent, grace=grace_working_days)
    report = ProgressReport.objects.create(
        task=locked,
        reported_on=reported_on,
        percent=percent,
        narrative=narrative,
        difficulties=difficulties,
        proposals=proposals,
        created_by_id=user_id_of(actor),
    )
    evidence = _attach_evidence(
        actor, task=locked, files=files, links=links, progress_report=report
    )
    latest = locked.progress_reports.order_by("-reported_on", "-id").first()
    if latest is not None and latest.pk == report.pk:
        before = locked.progress
        locked.progress = percent
        locked.progress_reported_on = reported_on
        locked.save(update_fields=["progress", "progress_reported_on", "updated_at"])
        changes = audit.diff({"progress": before}, {"progress": percent})
    else:
        changes = {}
    audit.record(
        actor,
        events.PROGRESS_REPORTED,
        subject=locked,
        changes=changes,
        data={"reported_on": reported_on, "percent": percent, "evidence": len(evidence)},
    )
    if locked.parent_id:
        roll_up_from(locked.parent)
    return report


def _check_report(task: Task, *, reported_on: date, percent: int, grace: int | None) -> None:
    """A report's percent is 0 to 100; its date is not in the future, not before the task
    was assigned, and at most the grace period's working days back; a completed task takes
    no more reports."""
    today = timezone.localdate()
    if grace is None:
        grace = settings.NQ57_PROGRESS_GRACE_WORKING_DAYS
    errors: FieldErrors = {}
    if not 0 <= percent <= 100:
        add_error(errors, "percent", _("progress must be between 0 and 100"))
    if reported_on > today:
        add_error(errors, "reported_on", _("a report cannot be dated in the future"))
    elif reported_on < add_working_days(today, -grace):
        add_error(
            errors,
            "reported_on",
            _("a report may be dated at most %(n)s working days back") % {"n": grace},
        )
    if reported_on < task.assigned_on:
        add_error(errors, "reported_on", _("the task was not yet assigned on that date"))
    if task.completed_on is not None:
        add_error(errors, "task", _("the task is already completed"))
    raise_if_any(errors)


@removes_files_on_failure
@transaction.atomic
def completion_request(
    actor: Actor,
    *,
    task: Task,
    note: str = "",
    files: Iterable[IO[bytes]] = (),
    links: Iterable[str] = (),
) -> CompletionRequest:
    """The lead asks the assigning side to confirm completion; evidence is required."""
    locked = _lock_for_reporting(actor, task)
    if locked.kind == TaskKind.REGULAR:
        raise InvalidTransition(_("A regular task is ongoing and is not completed."))
    if locked.completed_on is not None:
        raise InvalidTransition(_("The task is already completed."))
    if timezone.localdate() < locked.assigned_on:
        raise InvalidTransition(_("The task is not assigned yet."))
    refuse_while_on_hold(locked)
    if locked.completion_requests.filter(status=RequestStatus.PENDING).exists():
        raise InvalidTransition(_("A completion request is already waiting for a decision."))
    files, links = list(files), [link for link in links if link.strip()]
    if not files and not links:
        raise ValidationFailed(
            "evidence required", fields={"evidence": [_("Attach evidence of completion.")]}
        )
    request = CompletionRequest.objects.create(
        task=locked, note=note, requested_by_id=user_id_of(actor)
    )
    evidence = _attach_evidence(
        actor, task=locked, files=files, links=links, completion_request=request
    )
    audit.record(
        actor,
        events.COMPLETION_REQUESTED,
        subject=locked,
        data={"request": request.pk, "evidence": len(evidence)},
    )
    return request


@transaction.atomic
def extension_request(
    actor: Actor, *, task: Task, requested_deadline: date, reason: str
) -> ExtensionRequest:
    """The lead asks for a later deadline, with a reason."""
    locked = _lock_for_reporting(actor, task)
    if locked.kind == TaskKind.REGULAR or locked.deadline is None:
        raise InvalidTransition(_("A regular task has no deadline to extend."))
    if locked.completed_on is not None:
        raise InvalidTransition(_("The task is already completed."))
    refuse_while_on_hold(locked)
    errors: FieldErrors = {}
    if not reason.strip():
        add_error(errors, "reason", _("Give a reason."))
    if requested_deadline <= locked.deadline:
        add_error(
            errors,
            "requested_deadline",
            _("the new deadline must be after the current one (%(d)s)")
            % {"d": shown(locked.deadline)},
        )
    raise_if_any(errors)
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                task=locked,
                current_deadline=locked.deadline,
                requested_deadline=requested_deadline,
                reason=reason.strip(),
                requested_by_id=user_id_of(actor),
            )
    except IntegrityError as exc:
        raise InvalidTransition(_("An extension request is already waiting.")) from exc
    audit.record(
        actor,
        events.EXTENSION_REQUESTED,
        subject=locked,
        data={"request": request.pk, "requested_deadline": requested_deadline},
    )
    return request
