"""A second factor (TOTP) for those who decide, when NQ57_REQUIRE_2FA is on: enrolled with
a QR code, asked after the password; public pages and bearer tokens never ask for it. The
codes are computed here from the device's key, as an authenticator app does."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from nq57.accounts.models import User
from nq57.accounts.services import api_token_issue
from nq57.core.actors import SYSTEM
from nq57.core.models import AuditEvent

PASSWORD = "correct horse battery staple"


@pytest.fixture
def required(settings: Any) -> None:
    settings.NQ57_REQUIRE_2FA = True


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def signed_in(user: User) -> Client:
    """Through the sign-in form, with the password only."""
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol(client: Client) -> TOTPDevice:
    page = client.get("/signin/second-factor/setup/?next=/tasks/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body
    assert "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7=]+)<', body)
    assert secret is not None
    assert base64.b32decode(secret[1]) == device.bin_key
    done = client.post(
        "/signin/second-factor/setup/", {"code": code_for(device), "next": "/tasks/"}
    )
    assert done.status_code == 302
    assert done["Location"] == "/tasks/"
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.usefixtures("required")
def test_an_approver_must_enrol_then_verify(make_user: Callable[..., User]) -> None:
    approver = make_user("BKHCN", "approver")
    client = signed_in(approver)
    response = client.get("/tasks/")
    assert response.status_code == 302
    assert response["Location"] == "/signin/second-factor/?next=%2Ftasks%2F"
    assert client.get(response["Location"])["Location"].startswith("/signin/second-factor/setup/")
    assert client.get("/api/v1/tasks/").status_code == 403  # the session API waits too
    device = enrol(client)
    assert client.get("/tasks/").status_code == 200
    assert client.get("/api/v1/tasks/").status_code == 200
    assert AuditEvent.objects.filter(event="second_factor.enrolled").count() == 1

    # The next sign-in asks for a code; a wrong one keeps the door shut.
    later = signed_in(approver)
    assert later.get("/")["Location"] == "/signin/second-factor/?next=%2F"
    assert later.post("/signin/second-factor/", {"code": "000000"}).status_code == 200
    assert later.get("/").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        device.refresh_from_db()
        device.throttling_failure_count = 0  # the wrong code's pause is not what is tested
        device.save()
        verified = later.post("/signin/second-factor/", {"code": code_for(device), "next": "/"})
        assert verified.status_code == 302
        assert verified["Location"] == "/"
        assert later.get("/").status_code == 200


@pytest.mark.usefixtures("required")
def test_wrong_codes_are_throttled(make_user: Callable[..., User]) -> None:
    approver = make_user("BKHCN", "approver")
    client = signed_in(approver)
    device = enrol(client)
    later = signed_in(approver)
    start = timezone.now()
    # Each wrong code doubles the wait before the next is even checked: 1, 2, 4 … 64 s.
    for second in (0, 2, 5, 10, 20, 40, 75):
        with time_machine.travel(start + timedelta(seconds=second)):
            later.post("/signin/second-factor/", {"code": "000000"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 7
    with time_machine.travel(start + timedelta(seconds=100)):
        later.post("/signin/second-factor/", {"code": code_for(device)})  # refused: waiting
        assert later.get("/").status_code == 302
    with time_machine.travel(start + timedelta(seconds=150)):
        later.post("/signin/second-factor/", {"code": code_for(device)})
        assert later.get("/").status_code == 200


@pytest.mark.usefixtures("required")
def test_each_deciding_role_and_staff_are_asked(make_user: Callable[..., User]) -> None:
    users = [
        make_user("BCDTW", "secretariat"),
        make_user("BTC", "org_admin"),
        make_user("UBKTTW", "inspector"),
        User.objects.create_user("operator", password=PASSWORD, is_staff=True),
    ]
    for user in users:
        assert signed_in(user).get("/").status_code == 302, user


@pytest.mark.usefixtures("required")
def test_a_reporter_is_not_asked(make_user: Callable[..., User]) -> None:
    assert signed_in(make_user("BKHCN", "reporter")).get("/").status_code == 200


def test_nobody_is_asked_when_the_setting_is_off(make_user: Callable[..., User]) -> None:
    assert signed_in(make_user("BKHCN", "approver")).get("/").status_code == 200


@pytest.mark.usefixtures("required")
def test_public_pages_never_ask(make_user: Callable[..., User]) -> None:
    client = signed_in(make_user("BKHCN", "approver"))
    assert client.get("/feedback/").status_code == 200
    assert client.get("/feedback/stats/").status_code == 200


@pytest.mark.usefixtures("required")
def test_a_bearer_token_is_never_asked(make_user: Callable[..., User]) -> None:
    approver = make_user("BKHCN", "approver")
    _token, secret = api_token_issue(SYSTEM, user=approver, name="sync")
    response = Client().get("/api/v1/tasks/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_a_reporter_may_enrol_and_is_then_asked(make_user: Callable[..., User]) -> None:
    reporter = make_user("BKHCN", "reporter")
    client = signed_in(reporter)
    enrol(client)
    assert signed_in(reporter).get("/").status_code == 302
