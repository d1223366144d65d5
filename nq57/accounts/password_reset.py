"""Resetting a forgotten password by e-mail (Django's views and tokens): the link is sent by
the worker once the request has committed, like every other e-mail; no page sends mail."""

from __future__ import annotations

import logging
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core import mail
from django.db import transaction
from django.template import loader
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def deliver(subject: str, body: str, recipient: str) -> None:
    """Send one reset link; a mail server that fails is logged, not the request's failure."""
    try:
        mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except (SMTPException, OSError):
        log.exception("could not send the password reset link to %s", recipient)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form (silent about unknown addresses, no link for unusable passwords, so
    none for citizens), with the message rendered here and sent by the worker."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(lambda: deliver.enqueue(subject, body, to_email))
