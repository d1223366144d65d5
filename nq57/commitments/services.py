"""Every write of commitments: a leader and their commitment recorded or edited with what it
is measured by, and the signed PDF accepted once its signature and record are checked. Each
in one transaction with its audit event (the judgement is written by `judging`)."""

from __future__ import annotations

import json
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.pdfs import ActivePdf, check_pdf
from nq57.core.uploads import removes_files_on_failure, stored
from nq57.orgs.models import Organization

from . import events, permissions
from .links import Links
from .models import (
    BudgetLink,
    Commitment,
    DatabaseLink,
    IndicatorLink,
    Leader,
    TaskLink,
)
from .record import RECORD_NAME, record_of, with_links

MOST_PDF_BYTES = 10 * 1024 * 1024
NAME_LENGTH = 255


def _check_text(
    *, full_name: str, position: str, what: str, committed_on: date, due_on: date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not full_name.strip():
        errors["leader_name"] = [_("Write the leader's full name.")]
    elif len(full_name.strip()) > NAME_LENGTH:
        errors["leader_name"] = [_("At most 255 characters.")]
    if not position.strip():
        errors["position"] = [_("Write the leader's position.")]
    elif len(position.strip()) > NAME_LENGTH:
        errors["position"] = [_("At most 255 characters.")]
    if not what.strip():
        errors["what"] = [_("Write what the leader commits to.")]
    if due_on < committed_on:
        errors["due_on"] = [_("The due date cannot be before the day of the commitment.")]
    return errors


def _leader_for(
    actor: Actor, *, organization: Organization, full_name: str, position: str, since: date
) -> Leader:
    """The organisation's leader of that name in that position, recorded the first time."""
    full_name, position = " ".join(full_name.split()), " ".join(position.split())
    leader = Leader.objects.filter(
        organization=organization, full_name__iexact=full_name, position__iexact=position
    ).first()
    if leader is None:
        leader = Leader.objects.create(
            organization=organization, full_name=full_name, position=position, serves_from=since
        )
        audit.record(actor, events.LEADER_RECORDED, subject=leader)
    elif since < leader.serves_from:
        leader.serves_from = since
        leader.save(update_fields=["serves_from", "updated_at"])
    return leader


def _write_links(commitment: Commitment, links: Links) -> None:
    TaskLink.objects.bulk_create(TaskLink(commitment=commitment, task=t) for t in links.tasks)
    IndicatorLink.objects.bulk_create(
        IndicatorLink(
            commitment=commitment, indicator=spec.indicator, period=spec.period, target=spec.target
        )
        for spec in links.indicators
    )
    DatabaseLink.objects.bulk_create(
        DatabaseLink(commitment=commitment, database=spec.database, status=spec.status)
        for spec in links.databases
    )
    BudgetLink.objects.bulk_create(
        BudgetLink(
            commitment=commitment, year=spec.year, programme=spec.programme, share=spec.share
        )
        for spec in links.budgets
    )


@transaction.atomic
def commitment_record(
    actor: Actor,
    *,
    organization: Organization,
    leader_name: str,
    position: str,
    what: str,
    committed_on: date,
    due_on: date,
    links: Links,
) -> Commitment:
    """Record a leader's written commitment and what it is measured by; its officials and
    the secretariat may."""
    if not permissions.can_record_commitment(actor, organization):
        raise NotPermitted(_("You may not record commitments of this organisation."))
    errors = _check_text(
        full_name=leader_name,
        position=position,
        what=what,
        committed_on=committed_on,
        due_on=due_on,
    )
    if errors:
        raise ValidationFailed(_("Check the commitment."), fields=errors)
    leader = _leader_for(
        actor,
        organization=organization,
        full_name=leader_name,
        position=position,
        since=committed_on,
    )
    commitment = Commitment.objects.create(
        leader=leader,
        organization=organization,
        position=leader.position,
        what=what.strip(),
        committed_on=committed_on,
        due_on=due_on,
        recorded_by_id=user_id_of(actor),
    )
    _write_links(commitment, links)
    audit.record(
        actor,
        events.COMMITMENT_RECORDED,
        subject=commitment,
        data={"due_on": due_on.isoformat(), "links": links.count},
    )
    return commitment


@transaction.atomic
def commitment_edit(
    actor: Actor,
    *,
    commitment: Commitment,
    what: str,
    committed_on: date,
    due_on: date,
    links: Links,
) -> Commitment:
    """Change what a commitment says and is measured by, until it is signed or judged: a
    signature covers what was signed, and a judgement what was promised."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if not permissions.can_edit_commitment(actor, commitment):
        raise NotPermitted(_("You may not edit this commitment."))
    if commitment.is_signed:
        raise InvalidTransition(_("A signed commitment cannot be changed."))
    if Commitment.objects.filter(pk=commitment.pk, judgement__isnull=False).exists():
        raise InvalidTransition(_("A judged commitment cannot be changed."))
    errors = _check_text(
        full_name=commitment.leader.full_name,
        position=commitment.position,
        what=what,
        committed_on=committed_on,
        due_on=due_on,
    )
    if errors:
        raise ValidationFailed(_("Check the commitment."), fields=errors)
    before = {
        "what": commitment.what,
        "committed_on": commitment.committed_on.isoformat(),
        "due_on": commitment.due_on.isoformat(),
    }
    commitment.what = what.strip()
    commitment.committed_on = committed_on
    commitment.due_on = due_on
    commitment.save(update_fields=["what", "committed_on", "due_on", "updated_at"])
    for related in (TaskLink, IndicatorLink, DatabaseLink, BudgetLink):
        related.objects.filter(commitment=commitment).delete()
    _write_links(commitment, links)
    after = {
        "what": commitment.what,
        "committed_on": committed_on.isoformat(),
        "due_on": due_on.isoformat(),
    }
    audit.record(
        actor,
        events.COMMITMENT_EDITED,
        subject=commitment,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
        data={"links": links.count},
    )
    return commitment


def _refused(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"file": [message]})


def check_signed(commitment: Commitment, content: bytes) -> str:
    """The signer's name if `content` is this commitment signed: a PDF without active
    content, every signature intact and covering the file, and its record equal to the
    commitment's. ValidationFailed (field `file`) saying why otherwise."""
    if len(content) > MOST_PDF_BYTES:
        raise _refused(_("The file is larger than 10 MB."))
    if not content.startswith(b"%PDF-"):
        raise _refused(_("The file is not a PDF."))
    # pyHanko's signing package: loaded when a file is checked, not with the URLs.
    from nq57.reports.verify import NotAReport, read_signed

    try:
        check_pdf(content)
        document = read_signed(content, RECORD_NAME)
    except (ActivePdf, NotAReport) as exc:
        raise _refused(_("The file cannot be accepted: %(reason)s.") % {"reason": exc}) from None
    if document.record is None:
        raise _refused(
            _(
                "The file carries no commitment record: download the commitment PDF here "
                "and sign that file."
            )
        )
    if not document.signatures:
        raise _refused(_("The file is not signed."))
    if not all(check.intact for check in document.signatures):
        raise _refused(
            _("A signature of the file is broken: the file changed after it was signed.")
        )
    if not all(check.covers_all for check in document.signatures):
        raise _refused(
            _("The signature does not cover the whole file: content was added after signing.")
        )
    try:
        stated = json.loads(document.record)
    except ValueError:
        raise _refused(_("The commitment record in the file cannot be read.")) from None
    current = record_of(with_links(Commitment.objects.filter(pk=commitment.pk)).get())
    if stated != current:
        raise _refused(
            _(
                "The file is not this commitment as it stands: it is another commitment, "
                "or the commitment changed after the file was made."
            )
        )
    return _common_name(document.signatures[-1].signer)


def _common_name(subject: str) -> str:
    """The signer's name from a certificate subject as pyHanko writes it ("Common Name: X,
    Organization: Y, …"); the whole subject when it names no common name."""
    for part in subject.split(", "):
        if part.startswith("Common Name: "):
            return part.removeprefix("Common Name: ")
    return subject


@removes_files_on_failure
@transaction.atomic
def commitment_sign(actor: Actor, *, commitment: Commitment, content: bytes) -> Commitment:
    """Keep the commitment signed as uploaded, once `check_signed` accepts it; a newer signed
    file replaces an older one (a second signature, say)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if not permissions.can_edit_commitment(actor, commitment):
        raise NotPermitted(_("You may not upload this commitment signed."))
    signer = check_signed(commitment, content)
    earlier = commitment.signed_file.name
    commitment.signed_file.save("signed.pdf", ContentFile(content), save=False)
    stored(commitment.signed_file.storage, commitment.signed_file.name)
    if earlier and earlier != commitment.signed_file.name:
        storage = commitment.signed_file.storage
        transaction.on_commit(lambda: storage.delete(earlier))
    commitment.signer_name = signer[:NAME_LENGTH]
    commitment.signed_at = timezone.now()
    commitment.save(update_fields=["signed_file", "signer_name", "signed_at", "updated_at"])
    audit.record(
        actor, events.COMMITMENT_SIGNED, subject=commitment, data={"signer": commitment.signer_name}
    )
    return commitment
