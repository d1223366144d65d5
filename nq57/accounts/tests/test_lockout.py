"""Failed sign-ins at /login/ are counted per account and per address in the database, then
refused with a 429 and a Vietnamese message, until an administrator lifts the lock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from nq57.accounts.models import User

PASSWORD = "correct horse battery staple"
LIMIT = 5
ADDRESS_LIMIT = 12


@pytest.fixture(autouse=True)
def _limit(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.NQ57_LOCKOUT_ADDRESS_FAILURES = ADDRESS_LIMIT


def sign_in(username: str, password: str, *, address: str, **headers: Any) -> Any:
    client = Client(REMOTE_ADDR=address, **headers)
    return client.post("/login/", {"username": username, "password": password})


def fail(username: str, times: int, *, address: str, **headers: Any) -> None:
    for _ in range(times):
        response = sign_in(username, "wrong password", address=address, **headers)
        assert response.status_code in (200, 429)


def test_the_right_password_is_refused_after_too_many_wrong_ones(
    make_user: Callable[..., User],
) -> None:
    user = make_user("BKHCN", "approver")
    fail(user.username, LIMIT, address="10.0.0.1")
    started = time.monotonic()
    response = sign_in(user.username, PASSWORD, address="10.0.0.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session
    assert time.monotonic() - started < 2  # refused, never by sleeping the worker


def test_the_lock_follows_the_account_to_another_address(
    make_user: Callable[..., User],
) -> None:
    user = make_user("BKHCN", "approver")
    fail(user.username, LIMIT, address="10.0.0.1")
    assert sign_in(user.username, PASSWORD, address="10.9.9.9").status_code == 429


def test_the_lock_follows_the_address_to_another_account(
    make_user: Callable[..., User],
) -> None:
    """An address trying account after account is locked after its own, higher limit (an
    office's colleagues share one address: a few typos must not lock them all out)."""
    other = make_user("BTC", "reporter")
    for number in range(ADDRESS_LIMIT - 1):
        fail(f"guessed-{number}", 1, address="10.0.0.1")
    assert sign_in(other.username, PASSWORD, address="10.0.0.1").status_code == 302
    fail("guessed-last", 1, address="10.0.0.1")
    assert sign_in(other.username, PASSWORD, address="10.0.0.1").status_code == 429


def test_another_account_from_another_address_signs_in(make_user: Callable[..., User]) -> None:
    victim, other = make_user("BKHCN", "approver"), make_user("BTC", "reporter")
    fail(victim.username, LIMIT + 3, address="10.0.0.1")
    response = sign_in(other.username, PASSWORD, address="10.0.0.2")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"] == str(other.pk)


def test_fewer_failures_than_the_limit_do_not_lock(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "approver")
    fail(user.username, LIMIT - 1, address="10.0.0.1")
    assert sign_in(user.username, PASSWORD, address="10.0.0.1").status_code == 302


def test_the_lockout_answer_is_in_vietnamese(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "approver")
    fail(user.username, LIMIT, address="10.0.0.1")
    client = Client(REMOTE_ADDR="10.0.0.1")
    client.cookies["django_language"] = "vi"
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    with translation.override("vi"):
        expected = translation.gettext("Sign-in locked")
    assert expected != "Sign-in locked"
    assert expected in response.content.decode()


def test_an_administrator_lifts_the_lock(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "approver")
    fail(user.username, LIMIT, address="10.0.0.1")
    assert AccessAttempt.objects.filter(username=user.username).exists()
    call_command("axes_reset_username", user.username)
    assert sign_in(user.username, PASSWORD, address="10.0.0.7").status_code == 302


def test_behind_a_trusted_proxy_the_lock_is_keyed_on_the_real_client(
    make_user: Callable[..., User], settings: Any
) -> None:
    """Behind the reverse proxy every request comes from the proxy's address: one attacker
    must not lock out the whole country, and must be locked out wherever they try."""
    settings.NQ57_TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for number in range(ADDRESS_LIMIT):
        fail(f"guessed-{number}", 1, address="127.0.0.1", **via_proxy)
    other = make_user("BTC", "reporter")
    elsewhere = {"HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    assert sign_in(other.username, PASSWORD, address="127.0.0.1", **elsewhere).status_code == 302
    assert sign_in(other.username, PASSWORD, address="127.0.0.1", **via_proxy).status_code == 429
    assert AccessAttempt.objects.filter(ip_address="203.0.113.9").exists()
    assert not AccessAttempt.objects.filter(ip_address="127.0.0.1").exists()


def test_an_administrator_lifts_the_lock_in_the_admin(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "approver")
    fail(user.username, LIMIT, address="10.0.0.1")
    admin = User.objects.create_superuser("root", "root@example.vn", PASSWORD)
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert user.username in listing.content.decode()
    for attempt in AccessAttempt.objects.filter(username=user.username):
        deleted = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
        assert deleted.status_code == 302
    assert sign_in(user.username, PASSWORD, address="10.0.0.1").status_code == 302
