"""One's sessions (device, address, last seen) are listed on the profile page and ended from
there: the ended session's cookie no longer signs anyone in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from nq57.accounts.models import SignedInSession, User
from nq57.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def sign_in(user: User, *, agent: str, address: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_sessions_are_listed_with_device_address_and_last_seen(
    make_user: Callable[..., User],
) -> None:
    user = make_user("BKHCN", "reporter")
    office = sign_in(user, agent="Firefox/140 (office)", address="10.1.1.1")
    sign_in(user, agent="Chrome/150 (phone)", address="10.2.2.2")
    sign_in(make_user("BTC", "reporter"), agent="Someone else's", address="10.3.3.3")
    page = office.get("/account/").content.decode()
    assert "Firefox/140 (office)" in page
    assert "10.1.1.1" in page
    assert "Chrome/150 (phone)" in page
    assert "10.2.2.2" in page
    assert "Someone else" not in page
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        office.get("/")
    seen = SignedInSession.objects.get(user_agent="Firefox/140 (office)").last_seen_at
    assert seen > timezone.now() + timedelta(minutes=9)


def test_a_session_ended_from_the_profile_signs_nobody_in(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "reporter")
    office = sign_in(user, agent="Firefox (office)", address="10.1.1.1")
    lost_phone = sign_in(user, agent="Chrome (phone)", address="10.2.2.2")
    assert lost_phone.get("/").status_code == 200
    phone = SignedInSession.objects.get(user_agent="Chrome (phone)")
    assert office.post(f"/account/sessions/{phone.pk}/end/").status_code == 302
    assert lost_phone.get("/")["Location"].startswith("/login/")
    assert office.get("/").status_code == 200
    assert AuditEvent.objects.filter(event="session.ended").count() == 1
    assert "Chrome (phone)" not in office.get("/account/").content.decode()


def test_another_users_session_is_not_found(make_user: Callable[..., User]) -> None:
    user, other = make_user("BKHCN", "reporter"), make_user("BTC", "reporter")
    client = sign_in(user, agent="a", address="10.1.1.1")
    sign_in(other, agent="b", address="10.2.2.2")
    theirs = SignedInSession.objects.get(user=other)
    assert client.post(f"/account/sessions/{theirs.pk}/end/").status_code == 404
    assert client.post("/account/sessions/not-a-number/end/").status_code == 404


def test_signing_out_forgets_the_session(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "reporter")
    client = sign_in(user, agent="a", address="10.1.1.1")
    assert SignedInSession.objects.filter(user=user).count() == 1
    client.post("/logout/")
    assert not SignedInSession.objects.filter(user=user).exists()


def test_ending_ones_own_current_session_signs_out_instead_of_a_400(
    make_user: Callable[..., User],
) -> None:
    """The access matrix found it: the middleware tried to save the session just deleted."""
    user = make_user("BKHCN", "reporter")
    client = sign_in(user, agent="Firefox", address="203.0.113.5")
    current = SignedInSession.objects.get(user=user)
    response = client.post(f"/account/sessions/{current.pk}/end/")
    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert not SignedInSession.objects.filter(user=user).exists()
    assert client.get("/account/")["Location"].startswith("/login/")
