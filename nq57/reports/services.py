"""Filing a signed report: only the secretariat files, only a report this system wrote, signed
whole, whose every figure still holds as of its day; the file is kept as it came."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nq57.accounts.access import is_secretariat
from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import NotPermitted, ValidationFailed

from . import events
from .models import IssuedReport


def _refused(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"file": [message]})


@transaction.atomic
def report_file(actor: Actor, *, content: bytes, number: str = "") -> IssuedReport:
    if not is_secretariat(actor):
        raise NotPermitted(_("Only the secretariat files the signed reports."))
    from .verify import NotAReport, verify_report  # pyHanko: loaded when a file is checked

    try:
        found = verify_report(content)
    except NotAReport as problem:
        raise _refused(str(problem)) from None
    if not found.signatures:
        raise _refused(_("The report is not signed: a leader signs it before it is filed."))
    if not all(check.intact and check.covers_all for check in found.signatures):
        raise _refused(_("A signature is broken or does not cover the whole file."))
    if found.changed:
        names = ", ".join(difference.name for difference in found.changed)
        raise _refused(
            _("These figures no longer match the data as of the report's day: %(names)s")
            % {"names": names}
        )
    sha256 = hashlib.sha256(content).hexdigest()
    if IssuedReport.objects.filter(file_sha256=sha256).exists():
        raise _refused(_("This file has already been filed."))
    issued = IssuedReport(
        number=number.strip()[:60],
        as_of=found.as_of,
        due_by=found.due_by,
        digest=found.digest,
        signer="; ".join(check.signer for check in found.signatures)[:300],
        file_sha256=sha256,
        size=len(content),
        filed_by_id=user_id_of(actor),
    )
    issued.file.save(f"{sha256}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            issued.save()
    except IntegrityError:  # the same file filed at the same moment by someone else
        issued.file.delete(save=False)
        raise _refused(_("This file has already been filed.")) from None
    audit.record(
        actor,
        events.REPORT_FILED,
        subject=issued,
        data={"as_of": found.as_of.isoformat(), "digest": found.digest},
    )
    return issued
