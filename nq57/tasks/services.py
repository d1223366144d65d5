"""Every write to tasks: assignment, edits, progress, completion, extensions.

Pages, the API, commands and the demo all call these functions; each runs in one transaction,
checks permissions and rules, and writes its audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.calendar import add_working_days
from nq57.core.errors import InvalidTransition, NotPermitted, StaleVersion, ValidationFailed
from nq57.core.files import sniff_type
from nq57.core.locking import reread_for_update
from nq57.core.text import search_document
from nq57.orgs.models import Organization

from . import events, permissions, rollups
from .choices import DeadlineSource, RequestStatus, TaskKind
from .models import (
    CompletionRequest,
    Evidence,
    ExtensionRequest,
    Program,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskDeadline,
)
from .rules import SixClearFacts, missing_elements, rolled_up_progress

FieldErrors = dict[str, list[str]]


def _add(errors: FieldErrors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise_if(errors: FieldErrors) -> None:
    if errors:
        first = next(iter(errors.items()))
        raise ValidationFailed(f"{first[0]}: {first[1][0]}", fields=errors)


def derived_values(
    *,
    code: str,
    title: str,
    responsible_person: str,
    kind: str,
    deadline: date | None,
    expected_product: str,
    has_lead: bool = True,
    has_assigning_org: bool = True,
    has_program: bool = True,
) -> tuple[str, str]:
    """The fields computed from the others: missing elements and the accent-free search text."""
    missing = missing_elements(
        SixClearFacts(
            title=title,
            responsible_person=responsible_person,
            is_regular=kind == TaskKind.REGULAR,
            deadline=deadline,
            has_lead_org=has_lead,
            expected_product=expected_product,
            has_assigning_org=has_assigning_org,
            has_program=has_program,
        )
    )
    return ",".join(m.value for m in missing), search_document(f"{code} {title}")


def derived_fields(task: Task) -> None:
    """Fill a task's derived fields from its other fields."""
    task.missing_elements, task.search_text = derived_values(
        code=task.code,
        title=task.title,
        responsible_person=task.responsible_person,
        kind=task.kind,
        deadline=task.deadline,
        expected_product=task.expected_product,
        has_assigning_org=task.assigned_by_id is not None,
        has_program=task.program_id is not None,
    )


def check_task_dates(
    errors: FieldErrors,
    *,
    kind: str,
    assigned_on: date | None,
    deadline: date | None,
    completed_on: date | None = None,
) -> None:
    """Rules on a task's dates shared by the forms, the API and the import."""
    if kind not in TaskKind.values:
        _add(errors, "kind", _("unknown kind '%(kind)s' (deadline or regular)") % {"kind": kind})
        return
    if kind == TaskKind.DEADLINE and deadline is None:
        _add(errors, "deadline", _("a task of kind 'deadline' needs a deadline"))
    if assigned_on and deadline and deadline < assigned_on:
        _add(
            errors,
            "deadline",
            _("deadline %(deadline)s is before the assignment date %(assigned)s")
            % {"deadline": deadline.isoformat(), "assigned": assigned_on.isoformat()},
        )
    if assigned_on and completed_on and completed_on < assigned_on:
        _add(
            errors,
            "completed_on",
            _("completion %(done)s is before the assignment date %(assigned)s")
            % {"done": completed_on.isoformat(), "assigned": assigned_on.isoformat()},
        )


@transaction.atomic
def program_create(
    actor: Actor,
    *,
    code: str,
    title: str = "",
    issuing_body: str = "",
    issued_on: date | None = None,
) -> Program:
    """Register a programme document tasks come from."""
    code = code.strip()
    if not code:
        raise ValidationFailed("code required", fields={"code": [_("A code is required.")]})
    if Program.objects.filter(code=code).exists():
        raise ValidationFailed("taken", fields={"code": [_("This programme already exists.")]})
    program = Program.objects.create(
        code=code, title=title, issuing_body=issuing_body, issued_on=issued_on
    )
    audit.record(actor, events.PROGRAM_CREATED, subject=program)
    return program


@transaction.atomic
def task_create(
    actor: Actor,
    *,
    program: Program,
    code: str,
    title: str,
    lead_org: Organization,
    assigned_by: Organization,
    assigned_on: date,
    kind: str = TaskKind.DEADLINE,
    deadline: date | None = None,
    description: str = "",
    responsible_person: str = "",
    expected_product: str = "",
    coordinating_orgs: Sequence[Organization] = (),
    is_priority: bool = False,
    parent: Task | None = None,
    weight: int = 1,
) -> Task:
    """Assign a task (or a subtask of `parent`) with the six clear elements."""
    if not permissions.can_assign_for(actor, assigned_by):
        raise NotPermitted(_("You may not assign tasks for %(org)s.") % {"org": assigned_by})
    errors: FieldErrors = {}
    code = code.strip()
    if not code:
        _add(errors, "code", _("a code is required"))
    elif Task.objects.filter(program=program, code=code).exists():
        _add(
            errors,
            "code",
            _("code %(code)s already exists in %(program)s")
            % {"code": code, "program": program.code},
        )
    if not title.strip():
        _add(errors, "title", _("the title is empty"))
    if weight < 1:
        _add(errors, "weight", _("the weight must be at least 1"))
    check_task_dates(errors, kind=kind, assigned_on=assigned_on, deadline=deadline)
    if parent is not None:
        if parent.program_id != program.pk:
            _add(errors, "parent", _("a subtask belongs to its parent's programme"))
        if assigned_by.pk != parent.lead_org_id:
            _add(errors, "assigned_by", _("a subtask is assigned by its parent's lead"))
        if not lead_org.is_within(parent.lead_org):
            _add(
                errors,
                "lead_org",
                _("a subtask is led by the parent's lead organisation or a unit below it"),
            )
    _raise_if(errors)
    task = Task(
        program=program,
        code=code,
        title=title.strip(),
        description=description,
        responsible_person=responsible_person.strip(),
        kind=kind,
        deadline=deadline,
        deadline_since=assigned_on if deadline else None,
        original_deadline=deadline,
        lead_org=lead_org,
        assigned_by=assigned_by,
        assigned_on=assigned_on,
        expected_product=expected_product.strip(),
        is_priority=is_priority,
        parent=parent,
        weight=weight,
    )
    derived_fields(task)
    task.save()
    if deadline is not None:
        TaskDeadline.objects.create(
            task=task, deadline=deadline, effective_on=assigned_on, source=DeadlineSource.ORIGINAL
        )
    TaskCoordination.objects.bulk_create(
        TaskCoordination(task=task, organization=org)
        for org in {o.pk: o for o in coordinating_orgs if o.pk != lead_org.pk}.values()
    )
    rollups.task_created(task.pk)
    audit.record(
        actor,
        events.TASK_ASSIGNED,
        subject=task,
        data={
            "lead_org": lead_org.code,
            "assigned_by": assigned_by.code,
            "deadline": deadline,
            "parent": parent.pk if parent else None,
        },
    )
    if parent is not None:
        _roll_up_from(parent)
    return task


EDITABLE_FIELDS = (
    "title",
    "description",
    "responsible_person",
    "expected_product",
    "is_priority",
    "weight",
    "lead_org",
)


def _snapshot(task: Task) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(task, name) for name in EDITABLE_FIELDS}
    values["lead_org"] = task.lead_org.code
    values["coordinating_orgs"] = sorted(
        task.coordinations.values_list("organization__code", flat=True)
    )
    return values


@transaction.atomic
def task_update(
    actor: Actor,
    *,
    task: Task,
    version: int,
    coordinating_orgs: Sequence[Organization] | None = None,
    **changes: Any,
) -> Task:
    """Edit a task; `version` must be the one the editor read, or nothing changes (409)."""
    refusal = _("Only the assigning side may edit this task.")
    locked = _lock(actor, task, may=permissions.can_edit, refusal=refusal)
    if locked.version != version:
        raise StaleVersion(
            _("The task changed since you read it (version %(have)s, yours %(yours)s).")
            % {"have": locked.version, "yours": version}
        )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            "not editable", fields={f: [_("this field cannot be changed here")] for f in unknown}
        )
    errors: FieldErrors = {}
    if "title" in changes and not str(changes["title"]).strip():
        _add(errors, "title", _("the title is empty"))
    if "weight" in changes and int(changes["weight"]) < 1:
        _add(errors, "weight", _("the weight must be at least 1"))
    _raise_if(errors)
    before = _snapshot(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    if coordinating_orgs is not None:
        wanted = {o.pk for o in coordinating_orgs if o.pk != locked.lead_org_id}
        locked.coordinations.exclude(organization_id__in=wanted).delete()
        have = set(locked.coordinations.values_list("organization_id", flat=True))
        TaskCoordination.objects.bulk_create(
            TaskCoordination(task=locked, organization_id=pk) for pk in wanted - have
        )
    after = _snapshot(locked)
    changed = audit.diff(before, after)
    if not changed:
        return locked
    derived_fields(locked)
    locked.version += 1
    with rollups.tracking([locked.pk]):
        locked.save()
    audit.record(actor, events.TASK_UPDATED, subject=locked, changes=changed)
    if "weight" in changes and locked.parent_id:
        _roll_up_from(locked.parent)
    return locked


def _roll_up_from(parent: Task | None) -> None:
    """Recompute the weighted progress of `parent` and its ancestors from their subtasks."""
    while parent is not None:
        children = parent.subtasks.values_list("weight", "progress")
        progress = rolled_up_progress(children)
        Task.objects.filter(pk=parent.pk).update(progress=progress)
        parent = parent.parent


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


def _lock(actor: Actor, task: Task, *, may: Callable[[Actor, Task], bool], refusal: str) -> Task:
    """The task re-read under a row lock, so a check and the write after it see one state;
    NotPermitted with `refusal` unless `may` allows the actor."""
    locked = reread_for_update(task, "lead_org", "assigned_by")
    if not may(actor, locked):
        raise NotPermitted(refusal)
    return locked


def _lock_for_reporting(actor: Actor, task: Task) -> Task:
    refusal = _("Only the lead organisation may report on this task.")
    return _lock(actor, task, may=permissions.can_report, refusal=refusal)


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
    from django.conf import settings

    locked = _lock_for_reporting(actor, task)
    today = timezone.localdate()
    grace = (
        settings.NQ57_PROGRESS_GRACE_WORKING_DAYS
        if grace_working_days is None
        else grace_working_days
    )
    errors: FieldErrors = {}
    if not 0 <= percent <= 100:
        _add(errors, "percent", _("progress must be between 0 and 100"))
    if reported_on > today:
        _add(errors, "reported_on", _("a report cannot be dated in the future"))
    elif reported_on < add_working_days(today, -grace):
        _add(
            errors,
            "reported_on",
            _("a report may be dated at most %(n)s working days back") % {"n": grace},
        )
    if reported_on < locked.assigned_on:
        _add(errors, "reported_on", _("the task was not yet assigned on that date"))
    if locked.completed_on is not None:
        _add(errors, "task", _("the task is already completed"))
    _raise_if(errors)
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
        _roll_up_from(locked.parent)
    return report


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


def _pending_completion(task: Task) -> CompletionRequest:
    request = (
        task.completion_requests.select_for_update().filter(status=RequestStatus.PENDING).first()
    )
    if request is None:
        raise InvalidTransition(_("There is no completion request to decide."))
    return request


def _decide(
    actor: Actor, request: CompletionRequest | ExtensionRequest, status: str, reason: str = ""
) -> None:
    """Record the decision on a request: its outcome, who decided, today, and why."""
    request.status = status
    request.decided_by_id = user_id_of(actor)
    request.decided_on = timezone.localdate()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_on", "decision_reason"])


def _reason(reason: str) -> str:
    """A refusal or a return must say why."""
    if not reason.strip():
        raise ValidationFailed("reason", fields={"reason": [_("Give a reason.")]})
    return reason.strip()


def _lock_for_deciding(actor: Actor, task: Task) -> Task:
    refusal = _("Only the assigning side may decide on this task.")
    return _lock(actor, task, may=permissions.can_decide, refusal=refusal)


@transaction.atomic
def completion_confirm(actor: Actor, *, task: Task) -> Task:
    """Confirm the pending completion; the task is completed as of today."""
    locked = _lock_for_deciding(actor, task)
    if timezone.localdate() < locked.assigned_on:
        raise InvalidTransition(_("The task is not assigned yet."))
    request = _pending_completion(locked)
    _decide(actor, request, RequestStatus.CONFIRMED)
    today = timezone.localdate()
    locked.completed_on = today
    locked.progress = 100
    locked.version += 1
    with rollups.tracking([locked.pk]):
        locked.save(update_fields=["completed_on", "progress", "version", "updated_at"])
    audit.record(
        actor,
        events.COMPLETION_CONFIRMED,
        subject=locked,
        changes={"completed_on": [None, today.isoformat()]},
        data={"request": request.pk},
    )
    if locked.parent_id:
        _roll_up_from(locked.parent)
    return locked


@transaction.atomic
def completion_return(actor: Actor, *, task: Task, reason: str) -> CompletionRequest:
    """Send a completion request back to the lead with a reason."""
    locked = _lock_for_deciding(actor, task)
    why = _reason(reason)
    request = _pending_completion(locked)
    _decide(actor, request, RequestStatus.RETURNED, why)
    audit.record(
        actor,
        events.COMPLETION_RETURNED,
        subject=locked,
        data={"request": request.pk, "reason": request.decision_reason},
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
    errors: FieldErrors = {}
    if not reason.strip():
        _add(errors, "reason", _("Give a reason."))
    if requested_deadline <= locked.deadline:
        _add(
            errors,
            "requested_deadline",
            _("the new deadline must be after the current one (%(d)s)")
            % {"d": locked.deadline.isoformat()},
        )
    _raise_if(errors)
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


def _pending_extension(request: ExtensionRequest) -> ExtensionRequest:
    locked = reread_for_update(request)
    if locked.status != RequestStatus.PENDING:
        raise InvalidTransition(_("This extension request was already decided."))
    return locked


@transaction.atomic
def extension_approve(actor: Actor, *, request: ExtensionRequest) -> Task:
    """Approve an extension: the new deadline is in force from today; the old ones are kept."""
    task = _lock_for_deciding(actor, request.task)
    pending = _pending_extension(request)
    if task.completed_on is not None:
        raise InvalidTransition(_("The task is already completed."))
    today = timezone.localdate()
    # An extension cannot take force before the task exists (a task may be recorded ahead of
    # its assignment date); this keeps the current deadline the latest one in force.
    in_force_from = max(today, task.assigned_on, task.deadline_since or task.assigned_on)
    _decide(actor, pending, RequestStatus.APPROVED)
    before = task.deadline
    with rollups.tracking([task.pk]):
        TaskDeadline.objects.create(
            task=task,
            deadline=pending.requested_deadline,
            effective_on=in_force_from,
            source=DeadlineSource.EXTENSION,
        )
        task.deadline = pending.requested_deadline
        task.deadline_since = in_force_from
        task.version += 1
        task.save(update_fields=["deadline", "deadline_since", "version", "updated_at"])
    audit.record(
        actor,
        events.EXTENSION_APPROVED,
        subject=task,
        changes=audit.diff({"deadline": before}, {"deadline": task.deadline}),
        data={"request": pending.pk, "in_force_from": in_force_from},
    )
    return task


@transaction.atomic
def extension_refuse(actor: Actor, *, request: ExtensionRequest, reason: str) -> ExtensionRequest:
    """Refuse an extension with a reason; the deadline stays."""
    task = _lock_for_deciding(actor, request.task)
    why = _reason(reason)
    pending = _pending_extension(request)
    _decide(actor, pending, RequestStatus.REFUSED, why)
    audit.record(
        actor,
        events.EXTENSION_REFUSED,
        subject=task,
        data={"request": pending.pk, "reason": pending.decision_reason},
    )
    return pending
