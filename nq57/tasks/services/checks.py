"""What every task service checks before it writes: field errors collected and raised together,
the task re-read under a lock with the actor's right asked on the current row, a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nq57.core.actors import Actor
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.locking import reread_for_update

from ..models import Task

FieldErrors = dict[str, list[str]]


def shown(day: date) -> str:
    """A date in a message as the reader's language writes it (30/11/2026), never ISO."""
    return date_format(day, "SHORT_DATE_FORMAT")


def add_error(errors: FieldErrors, field: str, message: str) -> None:
    """Note one problem of `field`; a form shows all of a field's problems beside it."""
    errors.setdefault(field, []).append(message)


def raise_if_any(errors: FieldErrors) -> None:
    """Refuse the write, naming every field at fault, before anything is saved."""
    if errors:
        first = next(iter(errors.items()))
        raise ValidationFailed(f"{first[0]}: {first[1][0]}", fields=errors)


def lock_task(
    actor: Actor, task: Task, *, may: Callable[[Actor, Task], bool], refusal: str
) -> Task:
    """The task re-read under a row lock, so a check and the write after it see one state;
    NotPermitted with `refusal` unless `may` allows the actor. A withdrawn task no longer
    changes: its history is what the figures before the withdrawal counted."""
    locked = reread_for_update(task, "lead_org", "assigned_by")
    if not may(actor, locked):
        raise NotPermitted(refusal)
    if locked.withdrawn_on is not None:
        raise InvalidTransition(
            _("The task was withdrawn on %(day)s; it no longer changes.")
            % {"day": shown(locked.withdrawn_on)}
        )
    return locked


def refuse_while_on_hold(task: Task) -> None:
    """Requests and decisions wait while the task is suspended: the assigning side resumes
    it first."""
    if task.suspended_since is not None:
        raise InvalidTransition(
            _("The task is suspended since %(day)s; it must be resumed first.")
            % {"day": shown(task.suspended_since)}
        )


def required_reason(reason: str) -> str:
    """A refusal or a return must say why."""
    if not reason.strip():
        raise ValidationFailed("reason", fields={"reason": [_("Give a reason.")]})
    return reason.strip()
