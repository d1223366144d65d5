"""Mailing notices, in the worker only. A delivery claims a user's unmailed notices with its
own batch id in one UPDATE (`mail_batch IS NULL`), then mails what it claimed: two workers
delivering at once split the notices, never mail one twice. One e-mail per user and delivery:
the notice itself when there is one, a digest of all of them otherwise."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from .kinds import render
from .models import Delivery, Notice

log = logging.getLogger(__name__)

# Notices older than this are never mailed: one who turns e-mail on is not sent last month.
MAILED_WITHIN = timedelta(days=2)


@task()
def mail_immediate(user_ids: list[int]) -> None:
    """Mail, at once, the users among `user_ids` who chose immediate e-mail (the default)."""
    deliver(user_ids, Delivery.IMMEDIATE)


def deliver(user_ids: Collection[int] | None, delivery: str) -> int:
    """Mail each user with this delivery choice (among `user_ids`, or all) their unmailed
    notices; how many e-mails were sent."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(_chose(delivery))
    if user_ids is not None:
        users = users.filter(pk__in=list(user_ids))
    sent = 0
    for user in users.only("pk", "email"):
        sent += _deliver_to(user.pk, user.email)
    return sent


def _chose(delivery: str) -> Q:
    chose = Q(notice_preferences__delivery=delivery)
    if delivery == Delivery.IMMEDIATE:  # the default of one who never chose
        chose |= Q(notice_preferences__isnull=True)
    return chose


def _deliver_to(user_id: int, address: str) -> int:
    batch = uuid.uuid4()
    claimed = Notice.objects.filter(
        recipient_id=user_id,
        mail_batch__isnull=True,
        created_at__gte=timezone.now() - MAILED_WITHIN,
    ).update(mail_batch=batch)
    if not claimed:
        return 0
    notices = list(Notice.objects.filter(mail_batch=batch).order_by("created_at", "pk"))
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(notices)
    try:
        mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except (SMTPException, OSError):
        # Released, so that the next delivery tries again; nothing was sent.
        Notice.objects.filter(mail_batch=batch).update(mail_batch=None)
        log.exception("could not mail %s notices to user %s", len(notices), user_id)
        return 0
    Notice.objects.filter(mail_batch=batch).update(mailed_at=timezone.now())
    return 1


def _message(notices: list[Notice]) -> tuple[str, str]:
    lines = [
        f"- {render(n.kind, n.params)}\n  {_absolute(n.link)}"
        if n.link
        else f"- {render(n.kind, n.params)}"
        for n in notices
    ]
    if len(notices) == 1:
        subject = render(notices[0].kind, notices[0].params)
    else:
        subject = ngettext(
            "NQ57: %(n)s notification", "NQ57: %(n)s notifications", len(notices)
        ) % {"n": len(notices)}
    footer = _("All your notifications: %(link)s\nChoose how you are told: %(profile)s") % {
        "link": _absolute("/notices/"),
        "profile": _absolute("/account/"),
    }
    return subject[:200], "\n".join(lines) + "\n\n" + footer


def _absolute(path: str) -> str:
    return settings.NQ57_SITE_URL.rstrip("/") + path
