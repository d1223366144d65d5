"""The secretariat edits what each body answers for (its remit, `orgs.Remit`), the knowledge
the routing suggester learns from, and may go back to the shipped text.

The remit is the organisation tree's data, but its edits live here, beside routing: orgs sits
below accounts and cannot ask who the secretariat is. The rules of the text (limits, one
phrase a line, repeats dropped) are orgs' own (`orgs.remits`), shared with the shipped file.
Each write is audited and, once committed, asks the worker to retrain the suggester."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from nq57.core import audit, schedule
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.orgs import events
from nq57.orgs.choices import OrgKind
from nq57.orgs.models import PROVINCES, Remit
from nq57.orgs.remits import (
    MAX_TEXT,
    TOPIC_SEPARATOR,
    Problem,
    TextRefused,
    one_line,
    phrases,
    shipped_remit,
    topic_lines,
)

from . import permissions

# The texts of a remit, as `Remit` names them.
TEXTS = ("description", "fields", "procedures", "databases", "terms", "not_ours", "place_names")
# The scheduled job that trains the routing suggester (`core.schedule.JOBS`).
SUGGESTER_JOB = "suggester_train"


def field_labels() -> dict[str, str]:
    """The name of each text, as the editing page labels it."""
    return {
        "description": _("What it answers for"),
        "fields": _("Fields it manages"),
        "procedures": _("Procedures and public services"),
        "databases": _("Databases and information systems"),
        "terms": _("Words people use"),
        "not_ours": _("Often sent here, answered by another body"),
        "place_names": _("Place names"),
    }


def texts_read(remit: Remit) -> tuple[str, ...]:
    """The texts the suggester learns of a remit (`suggest.training.remit_facts`), the
    ones the page edits: a province's place names; the description and the words of the
    remit every province shares; everything else of a body's."""
    if remit.scope == PROVINCES:
        return ("description", "terms")
    if remit.organization is not None and remit.organization.kind == OrgKind.PROVINCE:
        return ("place_names",)
    return tuple(name for name in TEXTS if name != "place_names")


def as_lines(remit: Remit, name: str) -> str:
    """A text of the remit as the page's box shows it: a list one phrase a line, a topic
    answered elsewhere as "CODE: topic"."""
    value = getattr(remit, name)
    if name == "not_ours":
        return "\n".join(f"{entry['body']}{TOPIC_SEPARATOR} {entry['topic']}" for entry in value)
    return "\n".join(value) if isinstance(value, list) else str(value)


@transaction.atomic
def remit_save(
    actor: Actor,
    remit: Remit,
    texts: Mapping[str, str | Sequence[str]],
    *,
    seen: datetime | None = None,
) -> tuple[Remit, bool]:
    """Save the secretariat's texts of a remit (`texts`, by the names in TEXTS; the others
    stay as they are): the lists one phrase a line (`not_ours` one "CODE: topic" a line),
    kept as `orgs.remits` keeps them; a later load of the shipped file leaves it as saved.
    `seen`: when the remit the editor started from was last saved; if someone has saved it
    since, nothing is written and the editor is told. Whether anything changed: nothing
    changed, nothing is written."""
    _require_editor(actor)
    unknown = set(texts) - set(TEXTS)
    if unknown:
        raise ValueError(f"not a remit's text: {sorted(unknown)}")
    remit = Remit.objects.select_for_update().get(pk=remit.pk)
    if seen is not None and remit.updated_at != seen:
        raise ValidationFailed(
            _(
                "Someone saved this remit after you opened it: nothing was saved. Open it "
                "again to see their change, then make yours."
            )
        )
    before = {name: getattr(remit, name) for name in TEXTS}
    after = {**before, **_cleaned(remit, dict(texts))}
    changes = audit.diff(before, after)
    if not changes:
        return remit, False
    for name, value in after.items():
        setattr(remit, name, value)
    remit.edited_by_id = user_id_of(actor)
    remit.save()
    audit.record(
        actor,
        events.REMIT_EDITED,
        subject=remit,
        changes=changes,
        data={"counts": {name: [_count(before[name]), _count(after[name])] for name in changes}},
    )
    _retrain_after_commit()
    return remit, True


@transaction.atomic
def remit_restore(actor: Actor, remit: Remit) -> tuple[Remit, bool]:
    """Go back to the shipped text of a remit (the file's entry applied again, the edit
    forgotten), so that later loads keep it current. Whether anything changed."""
    _require_editor(actor)
    remit = Remit.objects.select_for_update().get(pk=remit.pk)
    version, spec = shipped_remit(remit.scope)
    if spec is None:
        raise ValidationFailed(_("The shipped remits have no text for this body."))
    after = spec.texts()
    before = {name: getattr(remit, name) for name in TEXTS}
    changes = audit.diff(before, after)
    if not changes and remit.edited_by_id is None:
        return remit, False
    for name, value in after.items():
        setattr(remit, name, value)
    remit.edited_by_id, remit.source_version = None, version
    remit.save()
    audit.record(
        actor,
        events.REMIT_RESTORED,
        subject=remit,
        changes=changes,
        data={"version": version},
    )
    _retrain_after_commit()
    return remit, True


def _require_editor(actor: Actor) -> None:
    # An edit is kept by later loads because it names who made it: a person, never the
    # system actor of a command.
    if not permissions.can_edit_remits(actor) or user_id_of(actor) is None:
        raise NotPermitted(_("Only the secretariat edits the bodies' remits."))


def _retrain_after_commit() -> None:
    # Robust: a queue that cannot be reached is not the edit's failure; the hourly run
    # retrains anyway.
    transaction.on_commit(partial(schedule.run_soon, SUGGESTER_JOB), robust=True)


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else len(str(value))


def _cleaned(remit: Remit, given: dict[str, Any]) -> dict[str, Any]:
    """The texts as kept, or ValidationFailed naming every field refused (its first bad
    line)."""
    labels = field_labels()
    cleaned: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    for name, value in given.items():
        try:
            if name == "description":
                cleaned[name] = one_line(value, MAX_TEXT)
            elif name == "not_ours":
                cleaned[name] = topic_lines(_lines(value), _other_bodies(remit))
            else:
                cleaned[name] = phrases(_lines(value))
        except TextRefused as refused:
            problems[name] = [_problem_text(labels[name], refused)]
    if problems:
        first = next(iter(problems.values()))[0]
        raise ValidationFailed(first, fields=problems)
    return cleaned


def _lines(value: Any) -> list[object]:
    # A list of lines, or a text of several (the page's box): either reads the same.
    if isinstance(value, str):
        return list(value.splitlines())
    if isinstance(value, list | tuple):
        return list(value)
    raise TextRefused(Problem.NOT_TEXT)


def _other_bodies(remit: Remit) -> dict[str, str]:
    """The codes a topic answered elsewhere may name, by their case-folded form: the other
    bodies with a remit the suggester learns (not the provinces, which share one)."""
    codes = (
        Remit.objects.exclude(pk=remit.pk)
        .filter(organization__isnull=False, organization__is_active=True)
        .exclude(organization__kind=OrgKind.PROVINCE)
        .values_list("organization__code", flat=True)
    )
    return {code.casefold(): code for code in codes}


def _problem_text(label: str, refused: TextRefused) -> str:
    """What is wrong, naming the field and the line, in the reader's language."""
    if refused.line is None:
        where = label
    else:
        where = _("%(field)s, line %(line)s") % {"field": label, "line": refused.line}
    limit = number_format(refused.limit, force_grouping=True)
    texts = {
        Problem.NOT_TEXT: _("%(where)s: expected text."),
        Problem.CONTROL: _(
            "%(where)s: contains an invisible control character; delete it or type the line again."
        ),
        Problem.TOO_LONG: _(
            "%(where)s: longer than %(limit)s characters; shorten it or split it into two lines."
        ),
        Problem.TOO_MANY: _("%(where)s: more than %(limit)s lines; keep the most useful ones."),
        Problem.NO_CODE: _(
            "%(where)s: write the code of the body that answers, a colon, then the topic "
            "(for example “BNV: allowances for people with meritorious services”)."
        ),
        Problem.NO_TOPIC: _("%(where)s: write the topic after the colon."),
        Problem.UNKNOWN_CODE: _(
            "%(where)s: “%(code)s” is not the code of another body with a remit (see the "
            "list of remits)."
        ),
    }
    return texts[refused.problem] % {"where": where, "limit": limit, "code": refused.value}
