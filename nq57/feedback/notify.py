"""Messages to senders and officials. Each is a task of the Django Tasks worker that a service
enqueues once the transaction that caused it has committed (`transaction.on_commit`); no page
sends mail itself. A mail server that fails is logged, never the request's failure: the item is
saved and its page tells the same."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core import mail
from django.utils.translation import gettext as _
from django_tasks import task

from nq57.accounts.access import REPORTING_ROLES, holders_of

from .models import Item

log = logging.getLogger(__name__)


def send_mail(subject: str, body: str, sender: str, recipients: list[str]) -> None:
    try:
        mail.send_mail(subject, body, sender, recipients)
    except (SMTPException, OSError):
        log.exception("could not send %r to %s", subject, recipients)


@task()
def receipt(item_id: int, link: str) -> None:
    """To the sender: the item was received, with its tracking code and where to follow it
    (`link`, made by the web process: the worker need not load the URLs to send mail)."""
    item = Item.objects.select_related("sender").get(pk=item_id)
    address = item.contact_email or item.sender.email
    if not address:
        return
    send_mail(
        _("Received: %(code)s") % {"code": item.tracking_code},
        _(
            "We received your %(kind)s “%(title)s” on %(when)s.\n"
            "Tracking code: %(code)s\nFollow it at %(link)s"
        )
        % {
            "kind": item.get_kind_display().lower(),
            "title": item.title,
            "when": item.received_at.strftime("%d/%m/%Y %H:%M"),
            "code": item.tracking_code,
            "link": link,
        },
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )


def _officials(org_ids: list[int], *, secretariat: bool = False) -> list[str]:
    """E-mail addresses of those who handle items for these organisations (and of the
    secretariat when asked)."""
    officials = holders_of(REPORTING_ROLES, org_ids=org_ids, with_secretariat=secretariat)
    return sorted(set(officials.exclude(email="").values_list("email", flat=True)))


@task()
def deadline_reminder(item_id: int) -> None:
    """To the responsible body: an answer falls due within three working days."""
    item = Item.objects.select_related("body").get(pk=item_id)
    if item.body is None or item.due_on is None:
        return
    recipients = _officials([item.body.pk])
    facts = _facts(item)
    if recipients:
        send_mail(
            _("Answer due %(day)s: %(code)s") % facts,
            _("“%(title)s” awaits the answer of %(body)s by %(day)s.") % facts,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )


@task()
def deadline_passed(item_id: int) -> None:
    """To the body's parent and the secretariat: an answer is overdue."""
    item = Item.objects.select_related("body__parent").get(pk=item_id)
    if item.body is None or item.due_on is None:
        return
    above = [item.body.parent_id] if item.body.parent_id else []
    recipients = _officials(above, secretariat=True)
    facts = _facts(item)
    if recipients:
        send_mail(
            _("Overdue: %(code)s at %(body)s") % facts,
            _("“%(title)s” was due from %(body)s on %(day)s and has not been answered.") % facts,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )


def _facts(item: Item) -> dict[str, str]:
    return {
        "code": item.tracking_code,
        "title": item.title,
        "body": item.body.name if item.body else "",
        "day": item.due_on.strftime("%d/%m/%Y") if item.due_on else "",
    }


@task()
def answered(item_id: int) -> None:
    """To the sender, and to the senders of every item merged into it: the answer is in."""
    item = Item.objects.select_related("sender", "body").get(pk=item_id)
    for each in [item, *item.duplicates.select_related("sender")]:
        address = each.contact_email or each.sender.email
        if address:
            send_mail(
                _("Answered: %(code)s") % {"code": each.tracking_code},
                _("%(body)s answered “%(title)s”:\n\n%(answer)s")
                % {
                    "body": item.body.name if item.body else "",
                    "title": item.title,
                    "answer": item.answer,
                },
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
