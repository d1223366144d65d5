"""The discussion on a task: the lead side and the assigning side (and the secretariat) write
to each other; each message is a record, kept as written."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.accounts.access import DECIDING_ROLES, REPORTING_ROLES, memberships_of
from nq57.accounts.choices import Role
from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import NotPermitted
from nq57.orgs.models import Organization

from .. import events, permissions
from ..choices import CommentSide
from ..models import COMMENT_MAX_LENGTH, Task, TaskComment
from .checks import FieldErrors, add_error, lock_task, raise_if_any


@transaction.atomic
def task_comment_add(actor: Actor, *, task: Task, body: str) -> TaskComment:
    """Add a comment to the task's thread; the other side is told (`tasks.notices`)."""
    refusal = _("Only the lead and the assigning side may write in this discussion.")
    locked = lock_task(actor, task, may=permissions.can_comment, refusal=refusal)
    side, author_id = permissions.comment_side(actor, locked), user_id_of(actor)
    if side is None or author_id is None:  # refused above already; a comment has its author
        raise NotPermitted(refusal)
    text = _checked_body(body)
    comment = TaskComment.objects.create(
        task=locked,
        author_id=author_id,
        author_org=_speaking_for(actor, locked, side),
        side=side,
        body=text,
    )
    audit.record(actor, events.TASK_COMMENTED, subject=locked, data={"comment": comment.pk})
    return comment


def _checked_body(body: str) -> str:
    """The body without surrounding blank space; refused empty, too long or with a NUL
    (which PostgreSQL would refuse with an error)."""
    # A browser sends each line break as CRLF but counts it, like a reader, as one character.
    text = str(body).replace("\r\n", "\n").strip()
    errors: FieldErrors = {}
    if not text:
        add_error(errors, "body", _("Write a comment."))
    elif len(text) > COMMENT_MAX_LENGTH:
        add_error(
            errors,
            "body",
            _("A comment holds at most %(most)s characters (this one has %(n)s).")
            % {"most": COMMENT_MAX_LENGTH, "n": len(text)},
        )
    if "\x00" in text:
        add_error(errors, "body", _("Null characters are not allowed."))
    raise_if_any(errors)
    return text


def _speaking_for(actor: Actor, task: Task, side: CommentSide) -> Organization | None:
    """The organisation whose role lets the actor speak for `side`: the nearest one above the
    task's assigning or lead organisation, or where they hold the secretariat role."""
    if side == CommentSide.ASSIGNING:
        roles, below = DECIDING_ROLES, task.assigned_by.path
    elif side == CommentSide.LEAD:
        roles, below = REPORTING_ROLES, task.lead_org.path
    else:
        roles, below = frozenset({Role.SECRETARIAT}), ""
    holding = [
        m.organization
        for m in memberships_of(actor)
        if m.role in roles and (not below or below.startswith(m.organization.path))
    ]
    return max(holding, key=lambda org: len(org.path), default=None)
