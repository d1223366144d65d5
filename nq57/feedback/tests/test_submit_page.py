"""Sending an item through the page: sign-in first, a receipt by e-mail, one's own items;
robots, scripts and other people's items kept out."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nq57.accounts.models import User
from nq57.feedback.models import Field, Item

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def field(db: Any) -> Field:
    return Field.objects.create(code="tt", name_vi="Thủ tục", name_en="Procedures")


def citizen(name: str) -> Client:
    client = Client()
    client.force_login(User.objects.create_user(username=name, password=None, email=f"{name}@x.vn"))
    return client


def form(field: Field, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "initiative",
        "field": field.pk,
        "title": "Sáng kiến <img src=x onerror=alert(1)>",
        "content": "Nội dung",
        "contact_name": "Lê Văn Cường",
        "contact_phone": "0901234567",
        "consent": "on",
        **extra,
    }


def test_signing_in_comes_first(settings: Any) -> None:
    settings.NQ57_OIDC_ISSUER, settings.NQ57_OIDC_CLIENT_ID = "http://127.0.0.1:1", "x"
    response = Client().get("/feedback/new/")
    assert response.status_code == 302
    assert response["Location"] == "/signin/oidc/?next=%2Ffeedback%2Fnew%2F"
    settings.NQ57_OIDC_ISSUER = ""
    assert Client().get("/feedback/new/")["Location"].startswith("/login/")


def test_an_item_is_received_with_a_receipt_and_shown_to_its_sender(
    field: Field, django_capture_on_commit_callbacks: Any
) -> None:
    client = citizen("c1")
    upload = SimpleUploadedFile("de-xuat.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/feedback/new/", {**form(field), "attachments": [upload]})
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get()
    assert response["Location"] == f"/feedback/mine/{item.tracking_code}/"
    assert len(mail.outbox) == 1
    assert item.tracking_code in mail.outbox[0].subject
    assert mail.outbox[0].to == ["c1@x.vn"]
    page = client.get(response["Location"]).content.decode()
    assert item.tracking_code in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert citizen("c2").get(response["Location"]).status_code == 404  # another person's
    assert Client().get(f"/feedback/items/{item.tracking_code}/").status_code == 404


def test_a_robot_filling_the_hidden_field_sends_nothing(field: Field) -> None:
    response = citizen("c3").post("/feedback/new/", {**form(field), "website": "http://spam"})
    assert response.status_code == 302
    assert not Item.objects.exists()


def test_problems_are_shown_beside_their_field(field: Field) -> None:
    response = citizen("c4").post("/feedback/new/", form(field, contact_phone="", content=""))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="id_content-errors"' in text
    assert 'id="id_contact_phone-errors"' in text
    assert not Item.objects.exists()


def test_sending_is_limited_per_account_and_per_address(field: Field, settings: Any) -> None:
    settings.NQ57_SUBMISSIONS_PER_ACCOUNT_HOUR = 2
    settings.NQ57_SUBMISSIONS_PER_ADDRESS_HOUR = 3
    first = citizen("r1")
    for _ in range(2):
        assert first.post("/feedback/new/", form(field)).status_code == 302
    assert first.post("/feedback/new/", form(field)).status_code == 429  # this account
    second = citizen("r2")
    assert second.post("/feedback/new/", form(field)).status_code == 302
    assert second.post("/feedback/new/", form(field)).status_code == 429  # this address
    other_address = citizen("r3")
    response = other_address.post("/feedback/new/", form(field), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    assert Item.objects.count() == 4


def test_behind_the_proxy_each_citizen_counts_on_their_own_address_and_account(
    field: Field, settings: Any
) -> None:
    settings.NQ57_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.NQ57_SUBMISSIONS_PER_ACCOUNT_HOUR = 2
    settings.NQ57_SUBMISSIONS_PER_ADDRESS_HOUR = 2
    proxy = "127.0.0.1"
    # Five citizens behind nginx, each from their own address: nobody waits for the others.
    for n in range(5):
        sent = citizen(f"p{n}").post(
            "/feedback/new/", form(field), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", REMOTE_ADDR=proxy
        )
        assert sent.status_code == 302
    # One account changing address is still one account.
    mover = citizen("mover")
    for n, expected in enumerate([302, 302, 429]):
        sent = mover.post(
            "/feedback/new/", form(field), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", REMOTE_ADDR=proxy
        )
        assert sent.status_code == expected
    # A forged header in front of the real address does not buy a fresh count.
    for n, expected in enumerate([302, 302, 429]):
        sent = citizen(f"forger{n}").post(
            "/feedback/new/",
            form(field),
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.200",
            REMOTE_ADDR=proxy,
        )
        assert sent.status_code == expected
    assert Item.objects.count() == 9


def test_an_item_refused_by_the_address_limit_is_not_counted_against_the_account(
    field: Field, settings: Any
) -> None:
    settings.NQ57_SUBMISSIONS_PER_ACCOUNT_HOUR = 1
    settings.NQ57_SUBMISSIONS_PER_ADDRESS_HOUR = 1
    assert citizen("busy").post("/feedback/new/", form(field)).status_code == 302
    late = citizen("late")
    assert late.post("/feedback/new/", form(field)).status_code == 429  # the address is full
    # From another address the same account still has its one item of the hour.
    assert late.post("/feedback/new/", form(field), REMOTE_ADDR="10.0.0.8").status_code == 302


def test_sign_in_attempts_are_limited_per_address(settings: Any) -> None:
    settings.NQ57_OIDC_ISSUER, settings.NQ57_OIDC_CLIENT_ID = "http://127.0.0.1:9", "x"
    settings.NQ57_SIGN_INS_PER_ADDRESS_HOUR = 0
    assert Client().get("/signin/oidc/").status_code == 429


def test_a_mail_server_that_is_down_does_not_lose_the_item(
    field: Field, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen("c9").post("/feedback/new/", form(field))
    assert response.status_code == 302
    assert Item.objects.count() == 1
