"""Mail goes from the worker, never twice: at once to those who chose it (a real SMTP server
on loopback), in one daily digest to the others, and to nobody who chose the app only; two
deliveries racing split the notices, they don't both mail one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from nq57.accounts.models import User
from nq57.core.tests.racing import race
from nq57.notices.delivery import deliver
from nq57.notices.models import Delivery, Notice
from nq57.notices.services import notify, preferences_set
from nq57.oidc_fixtures import Mailbox
from nq57.tasks.models import Task
from nq57.tasks.notices import ASSIGNED
from nq57.tasks.services import completion_request, completion_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    with Mailbox() as box:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", box.port
        settings.NQ57_SITE_URL = "https://nq57.example.vn"
        yield box


def subject(message: Any) -> str:
    """The subject as read (a long non-ASCII one is folded with a leading space)."""
    return " ".join(str(message["Subject"]).split())


def with_mail(user: User, address: str) -> User:
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_a_returned_request_is_mailed_at_once_with_the_reason_and_a_link(
    mailbox: Mailbox,
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    django_capture_on_commit_callbacks: Any,
) -> None:
    reporter = with_mail(make_user("BKHCN", "reporter"), "bao.cao@bkhcn.gov.vn")
    approver = make_user("BCDTW", "approver")
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task("BKHCN", "BCDTW")
    mailbox.wait_for(lambda m: subject(m).startswith(f"New task {task.code}"))
    with time_machine.travel(date(2025, 3, 3)):
        completion_request(reporter, task=task, links=["https://bkhcn.gov.vn/ket-qua"])
        with django_capture_on_commit_callbacks(execute=True):
            completion_return(approver, task=task, reason="Thiếu biên bản nghiệm thu")
    message = mailbox.wait_for(lambda m: "returned" in subject(m))
    assert message["To"] == "bao.cao@bkhcn.gov.vn"
    assert subject(message) == f"Completion of {task.code} returned: Thiếu biên bản nghiệm thu"
    body = message.get_content()
    assert "Thiếu biên bản nghiệm thu" in body
    assert f"https://nq57.example.vn/tasks/{task.pk}/" in body
    returned = Notice.objects.get(recipient=reporter, kind="task.completion_returned")
    assert returned.mailed_at is not None
    # Delivered again (a retry, a second worker): nothing left to mail.
    assert deliver([reporter.pk], Delivery.IMMEDIATE) == 0
    assert len(mailbox.messages) == 2  # the assignment, the return: each once


def test_a_digest_goes_once_a_day_and_the_app_only_choice_gets_no_mail(
    mailbox: Mailbox, make_user: Callable[..., User], django_capture_on_commit_callbacks: Any
) -> None:
    digest = with_mail(make_user("BKHCN", "reporter"), "tong.hop@bkhcn.gov.vn")
    quiet = with_mail(make_user("BKHCN", "reporter"), "im.lang@bkhcn.gov.vn")
    preferences_set(digest.pk, delivery=Delivery.DIGEST, deadline_days=[7], silence_days=7)
    preferences_set(quiet.pk, delivery=Delivery.IN_APP, deadline_days=[7], silence_days=7)
    with django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2):
            params = {"code": f"NV-{n}", "title": "Việc", "deadline": "31/12/2025"}
            notify(ASSIGNED, [digest.pk, quiet.pk], key=f"test:{n}", params=params)
    assert mailbox.messages == []  # neither wanted mail at once

    out = StringIO()
    call_command("send_digests", stdout=out)
    assert out.getvalue().strip() == "digests sent 1"
    message = mailbox.wait_for(lambda m: m["To"] == "tong.hop@bkhcn.gov.vn")
    assert subject(message) == "NQ57: 2 notifications"
    assert "NV-1" in message.get_content()
    assert "NV-2" in message.get_content()
    call_command("send_digests", stdout=StringIO())
    assert len(mailbox.messages) == 1
    assert not Notice.objects.filter(recipient=quiet, mailed_at__isnull=False).exists()


def test_the_same_event_is_told_once_however_often_it_is_sent(
    make_user: Callable[..., User],
) -> None:
    user = make_user("BKHCN", "reporter")
    params = {"code": "NV-1", "title": "Việc", "deadline": ""}
    assert notify(ASSIGNED, [user.pk], key="task.assigned:1", params=params) == 1
    assert notify(ASSIGNED, [user.pk], key="task.assigned:1", params=params) == 0
    assert Notice.objects.filter(recipient=user).count() == 1


def test_a_mail_server_down_keeps_the_notice_for_the_next_delivery(
    settings: Any, make_user: Callable[..., User]
) -> None:
    import socket

    user = with_mail(make_user("BKHCN", "reporter"), "a@bkhcn.gov.vn")
    notify(ASSIGNED, [user.pk], key="k", params={"code": "NV-1"})
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", probe.getsockname()[1]
    probe.close()
    assert deliver([user.pk], Delivery.IMMEDIATE) == 0
    notice = Notice.objects.get(recipient=user)
    assert notice.mail_batch is None
    assert notice.mailed_at is None


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_at_once_mail_each_notice_once(
    builtin_orgs: None, mailbox: Mailbox, make_user: Callable[..., User]
) -> None:
    users = [with_mail(make_user("BKHCN", "reporter"), f"u{n}@bkhcn.gov.vn") for n in range(6)]
    for user in users:
        notify(ASSIGNED, [user.pk], key="task.assigned:race", params={"code": "NV-R"})
    ids = [user.pk for user in users]

    assert race(*[lambda: deliver(ids, Delivery.IMMEDIATE)] * 2) == []
    addresses = sorted(str(m["To"]) for m in mailbox.messages)
    assert addresses == sorted(user.email for user in users)
    assert Notice.objects.filter(mailed_at__isnull=True).count() == 0
