"""Assigning work: programmes, tasks with the six clear elements, subtasks, and edits by the
assigning side; the derived fields a task keeps (search text, days allowed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core import audit
from nq57.core.actors import Actor
from nq57.core.errors import NotPermitted, StaleVersion, ValidationFailed
from nq57.core.text import search_document
from nq57.orgs.models import Organization

from .. import events, permissions, rollups
from ..choices import DeadlineSource, TaskKind
from ..models import (
    Program,
    Task,
    TaskCoordination,
    TaskDeadline,
)
from ..rules import (
    AssignmentDateProblem,
    SixClearFacts,
    assignment_date_problem,
    missing_elements,
    rolled_up_progress,
)
from .checks import FieldErrors, add_error, lock_task, raise_if_any, shown


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
        add_error(
            errors, "kind", _("unknown kind '%(kind)s' (deadline or regular)") % {"kind": kind}
        )
        return
    if kind == TaskKind.DEADLINE and deadline is None:
        add_error(errors, "deadline", _("a task of kind 'deadline' needs a deadline"))
    if assigned_on and deadline and deadline < assigned_on:
        add_error(
            errors,
            "deadline",
            _("deadline %(deadline)s is before the assignment date %(assigned)s")
            % {"deadline": shown(deadline), "assigned": shown(assigned_on)},
        )
    if assigned_on and completed_on and completed_on < assigned_on:
        add_error(
            errors,
            "completed_on",
            _("completion %(done)s is before the assignment date %(assigned)s")
            % {"done": shown(completed_on), "assigned": shown(assigned_on)},
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
    history_reason: str = "",
    is_confidential: bool = False,
) -> Task:
    """Assign a task (or a subtask of `parent`) with the six clear elements; a back-dated one
    only when the secretariat brings history in, with `history_reason`; a confidential one is
    counted in the public ranking but not described there."""
    if not permissions.can_assign_for(actor, assigned_by):
        raise NotPermitted(_("You may not assign tasks for %(org)s.") % {"org": assigned_by})
    code = code.strip()
    errors = _assignment_errors(
        program=program,
        code=code,
        title=title,
        lead_org=lead_org,
        assigned_by=assigned_by,
        assigned_on=assigned_on,
        kind=kind,
        deadline=deadline,
        parent=parent,
        weight=weight,
    )
    check_assignment(
        errors,
        actor,
        lead_org=lead_org,
        assigned_by=assigned_by,
        assigned_on=assigned_on,
        history_reason=history_reason,
        is_subtask=parent is not None,
    )
    raise_if_any(errors)
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
        is_confidential=is_confidential,
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
            **({"confidential": True} if is_confidential else {}),
            **({"history_reason": history_reason.strip()} if history_reason.strip() else {}),
        },
    )
    if parent is not None:
        roll_up_from(parent)
    return task


DATE_MESSAGES = {
    AssignmentDateProblem.FUTURE: (
        "assigned_on",
        gettext_lazy("the assignment date cannot be in the future"),
    ),
    AssignmentDateProblem.BACK_DATED: (
        "assigned_on",
        gettext_lazy(
            "only the secretariat bringing history in may set an assignment date in the past"
        ),
    ),
    AssignmentDateProblem.REASON_MISSING: (
        "history_reason",
        gettext_lazy("give the reason for bringing in a past assignment"),
    ),
}


def check_assignment(
    errors: FieldErrors,
    actor: Actor,
    *,
    lead_org: Organization,
    assigned_by: Organization,
    assigned_on: date | None,
    history_reason: str,
    is_subtask: bool = False,
) -> None:
    """The rules on who is given the task and when, shared by the services and the import:
    only downward, never dated ahead, back-dated only as history with a reason. A subtask is
    the lead splitting its own work, kept to the lead and its units by `_assignment_errors`."""
    if not is_subtask and not permissions.can_assign_to(assigned_by, lead_org):
        add_error(errors, "lead_org", assign_downward_message(assigned_by, lead_org))
    if assigned_on is None:
        return
    problem = assignment_date_problem(
        assigned_on=assigned_on,
        today=timezone.localdate(),
        brings_history=permissions.can_bring_history(actor),
        history_reason=history_reason,
    )
    if problem is not None:
        field, message = DATE_MESSAGES[problem]
        add_error(errors, field, str(message))


def assign_downward_message(assigned_by: Organization | str, lead_org: Organization | str) -> str:
    return _("%(by)s may assign only to organisations below it, not to %(lead)s") % {
        "by": assigned_by,
        "lead": lead_org,
    }


def _assignment_errors(
    *,
    program: Program,
    code: str,
    title: str,
    lead_org: Organization,
    assigned_by: Organization,
    assigned_on: date,
    kind: str,
    deadline: date | None,
    parent: Task | None,
    weight: int,
) -> FieldErrors:
    """Every rule a new task breaks, by field: a code unique in its programme, a title, a
    weight, its dates, and a subtask's place under its parent."""
    errors: FieldErrors = {}
    if not code:
        add_error(errors, "code", _("a code is required"))
    elif Task.objects.filter(program=program, code=code).exists():
        add_error(
            errors,
            "code",
            _("code %(code)s already exists in %(program)s")
            % {"code": code, "program": program.code},
        )
    if not title.strip():
        add_error(errors, "title", _("the title is empty"))
    if weight < 1:
        add_error(errors, "weight", _("the weight must be at least 1"))
    if not lead_org.is_active:  # a closed organisation keeps its history, takes no new task
        add_error(errors, "lead_org", _("%(org)s is closed") % {"org": lead_org.code})
    check_task_dates(errors, kind=kind, assigned_on=assigned_on, deadline=deadline)
    if parent is not None:
        if parent.program_id != program.pk:
            add_error(errors, "parent", _("a subtask belongs to its parent's programme"))
        if assigned_by.pk != parent.lead_org_id:
            add_error(errors, "assigned_by", _("a subtask is assigned by its parent's lead"))
        if not lead_org.is_within(parent.lead_org):
            add_error(
                errors,
                "lead_org",
                _("a subtask is led by the parent's lead organisation or a unit below it"),
            )
    return errors


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
    locked = lock_task(actor, task, may=permissions.can_edit, refusal=refusal)
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
        add_error(errors, "title", _("the title is empty"))
    if "weight" in changes and int(changes["weight"]) < 1:
        add_error(errors, "weight", _("the weight must be at least 1"))
    new_lead = changes.get("lead_org")
    if (
        new_lead is not None
        and new_lead.pk != locked.lead_org_id
        and not permissions.can_assign_to(locked.assigned_by, new_lead)
    ):
        add_error(errors, "lead_org", assign_downward_message(locked.assigned_by, new_lead))
    raise_if_any(errors)
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
        roll_up_from(locked.parent)
    return locked


def roll_up_from(parent: Task | None) -> None:
    """Recompute the weighted progress of `parent` and its ancestors from their subtasks."""
    while parent is not None:
        # A withdrawn subtask is no longer part of the work the parent rolls up.
        children = parent.subtasks.filter(withdrawn_on__isnull=True).values_list(
            "weight", "progress"
        )
        progress = rolled_up_progress(children)
        Task.objects.filter(pk=parent.pk).update(progress=progress)
        parent = parent.parent
