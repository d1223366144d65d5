"""The caller's address behind the trusted proxy, never taken from a header a client can
forge, and limits that hold under concurrent attempts (issue 12 item 2)."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from config.settings.base import env_networks
from nq57.core import ratelimit
from nq57.core.models import RateHit
from nq57.core.tests.racing import race

LOOPBACK = ratelimit.trusted_networks(("127.0.0.1", "::1"))
PROXIES = ratelimit.trusted_networks(("127.0.0.1", "10.0.0.0/8"))


def request_from(remote: str, forwarded_for: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


def test_without_trusted_proxies_the_address_is_the_connections(settings: Any) -> None:
    settings.NQ57_TRUSTED_PROXIES = []
    assert ratelimit.client_address(request_from("127.0.0.1", "203.0.113.7")) == "127.0.0.1"


def test_behind_the_trusted_proxy_each_client_has_its_own_address(settings: Any) -> None:
    settings.NQ57_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert ratelimit.client_address(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert ratelimit.client_address(request_from("::1", "198.51.100.2")) == "198.51.100.2"
    assert ratelimit.client_address(request_from("127.0.0.1")) == "127.0.0.1"


def test_a_forged_header_from_a_client_is_never_believed(settings: Any) -> None:
    settings.NQ57_TRUSTED_PROXIES = ["127.0.0.1"]
    # Straight to the server, not through the proxy: the header is the client's own words.
    assert ratelimit.client_address(request_from("203.0.113.7", "127.0.0.1")) == "203.0.113.7"
    assert ratelimit.client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    # Through the proxy, which appends the real peer: what the client wrote stays on the left.
    spoofed = request_from("127.0.0.1", "198.51.100.1, 10.1.1.1, 203.0.113.7")
    assert ratelimit.client_address(spoofed) == "203.0.113.7"
    garbage = request_from("127.0.0.1", "<script>, 203.0.113.7")
    assert ratelimit.client_address(garbage) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right() -> None:
    chain = "203.0.113.7, 10.2.0.1, 10.1.0.1"
    assert ratelimit.real_address("127.0.0.1", chain, PROXIES) == "203.0.113.7"
    assert ratelimit.real_address("127.0.0.1", "nonsense, 10.1.0.1", PROXIES) == "10.1.0.1"
    assert ratelimit.real_address("::ffff:127.0.0.1", "203.0.113.7", LOOPBACK) == "203.0.113.7"


def test_a_mistyped_proxy_setting_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NQ57_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/33")
    with pytest.raises(ImproperlyConfigured, match=r"10\.0\.0\.0/33"):
        env_networks("NQ57_TRUSTED_PROXIES", "")
    monkeypatch.setenv("NQ57_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert env_networks("NQ57_TRUSTED_PROXIES", "") == ["127.0.0.1", "10.0.0.0/8"]


anything = st.one_of(
    st.ip_addresses().map(str), st.sampled_from(["127.0.0.1", "10.9.8.7", "::1", "x", ""])
)
clients = st.ip_addresses().filter(lambda ip: not any(ip in n for n in PROXIES)).map(str)


@given(remote=clients, header=st.lists(anything, max_size=5).map(", ".join))
def test_a_client_reaching_the_server_directly_is_counted_on_its_connection(
    remote: str, header: str
) -> None:
    assert ratelimit.real_address(remote, header, PROXIES) == remote


@given(client=clients, forged=st.lists(anything, max_size=5), proxies=st.integers(1, 3))
def test_through_the_proxies_a_client_is_counted_on_the_address_they_saw(
    client: str, forged: list[str], proxies: int
) -> None:
    # The first proxy appends the client's address to whatever the client sent; each next
    # proxy appends the one before it; the server sees the last proxy.
    hops = [*forged, client] + [f"10.0.0.{n}" for n in range(1, proxies)]
    found = ratelimit.real_address("127.0.0.1", ", ".join(hops), PROXIES)
    assert found == str(ipaddress.ip_address(client))


@pytest.mark.django_db
def test_refused_attempts_are_not_counted_and_old_ones_expire() -> None:
    hour = timedelta(hours=1)
    assert [ratelimit.allow("t", "k", limit=2, per=hour) for _ in range(4)] == [
        True,
        True,
        False,
        False,
    ]
    assert RateHit.objects.filter(scope="t", key="k").count() == 2
    assert ratelimit.allow("t", "other", limit=2, per=hour)  # each key counts on its own
    assert ratelimit.allow("t", "k", limit=2, per=timedelta(0))  # nothing within the window


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_attempts_at_once_let_exactly_the_limit_through() -> None:
    passed: list[bool] = []

    def attempt() -> None:
        passed.append(ratelimit.allow("race", "203.0.113.7", limit=5, per=timedelta(hours=1)))

    assert race(*[attempt] * 10) == []
    assert passed.count(True) == 5
    assert RateHit.objects.filter(scope="race").count() == 5


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_accounts_at_once_from_one_address_let_exactly_its_limit_through() -> None:
    passed: list[bool] = []

    def attempt(account: int) -> Any:
        limits = [
            ratelimit.Limit("race.account", str(account), 5),
            ratelimit.Limit("race.address", "203.0.113.7", 5),
        ]
        return lambda: passed.append(ratelimit.allow_all(limits, per=timedelta(hours=1)))

    assert race(*[attempt(n) for n in range(10)]) == []
    assert passed.count(True) == 5
    assert RateHit.objects.filter(scope="race.address").count() == 5
    assert RateHit.objects.filter(scope="race.account").count() == 5
