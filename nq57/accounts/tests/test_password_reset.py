"""A forgotten password is reset through a link sent by e-mail, received here by a real SMTP
server on loopback (the test kit's Mailbox), in Vietnamese."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.accounts.services import citizen_sign_in
from nq57.oidc_fixtures import Mailbox

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver(/password/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    with Mailbox() as box:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", box.port
        yield box


def ask(address: str, capture: Any) -> Any:
    client = Client()
    client.cookies["django_language"] = "vi"
    with capture(execute=True):
        response = client.post("/password/reset/", {"email": address})
    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    return response


def test_a_link_by_e_mail_sets_a_new_password(
    make_user: Callable[..., User],
    mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = make_user("BKHCN", "approver")
    user.email = "can.bo@bkhcn.gov.vn"
    user.save()
    ask("can.bo@bkhcn.gov.vn", django_capture_on_commit_callbacks)
    message = mailbox.wait_for(lambda m: m["To"] == "can.bo@bkhcn.gov.vn")
    body = message.get_content()
    assert "mật khẩu" in body  # Vietnamese
    assert user.username in body
    link = LINK.search(body)
    assert link is not None
    client = Client()
    form = client.get(link[1], follow=True)
    assert form.status_code == 200
    new = "Hai-muoi-tam thang 11"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)
    # The link works once.
    assert "no longer valid" in Client().get(link[1], follow=True).content.decode()


def test_an_unknown_address_and_a_citizen_get_no_mail_and_the_same_answer(
    mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    citizen = citizen_sign_in(issuer="https://vneid.example", subject="0012", claims={})
    citizen.email = "dan@example.vn"
    citizen.save()
    ask("nobody@example.vn", django_capture_on_commit_callbacks)
    ask("dan@example.vn", django_capture_on_commit_callbacks)
    assert mailbox.messages == []


def test_the_pages_are_open_and_offered_on_the_sign_in_page(client: Client) -> None:
    assert client.get("/password/reset/").status_code == 200
    assert "/password/reset/" in client.get("/login/").content.decode()
