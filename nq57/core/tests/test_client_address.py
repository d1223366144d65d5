"""The caller's real address behind the trusted reverse proxies (NQ57_TRUSTED_PROXIES)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.ratelimit import client_address


def address(remote: str, forwarded: str | None = None) -> str:
    headers: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


@pytest.fixture
def behind_proxies(settings: Any) -> None:
    settings.NQ57_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings: Any) -> None:
    settings.NQ57_TRUSTED_PROXIES = []
    assert address("198.51.100.1", "203.0.113.9") == "198.51.100.1"


@pytest.mark.usefixtures("behind_proxies")
def test_the_header_is_believed_only_from_a_trusted_proxy() -> None:
    assert address("198.51.100.1", "203.0.113.9") == "198.51.100.1"
    assert address("127.0.0.1", "203.0.113.9") == "203.0.113.9"


@pytest.mark.usefixtures("behind_proxies")
def test_addresses_the_client_made_up_are_not_believed() -> None:
    # The client sent "1.2.3.4" itself; the proxy appended the address it really saw.
    assert address("127.0.0.1", "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    # Through two trusted proxies, the first untrusted address from the right.
    assert address("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.1.2.3") == "203.0.113.9"


@pytest.mark.usefixtures("behind_proxies")
def test_a_garbled_or_missing_header_falls_back_to_the_proxy() -> None:
    assert address("127.0.0.1", "") == "127.0.0.1"
    assert address("127.0.0.1") == "127.0.0.1"
    assert address("127.0.0.1", "not-an-address") == "127.0.0.1"


addresses = st.ip_addresses(v=4).map(str)


@given(
    made_up=st.lists(addresses, max_size=3),
    client=addresses.filter(lambda a: not a.startswith(("10.", "127."))),
    proxies=st.lists(st.sampled_from(["127.0.0.1", "10.0.0.5", "10.20.30.40"]), max_size=3),
)
def test_the_client_is_found_whatever_it_prepends_and_however_many_proxies(
    made_up: list[str], client: str, proxies: list[str]
) -> None:
    """Whatever a client writes into X-Forwarded-For itself, and through however many trusted
    proxies the request came, the address found is the one the first proxy saw."""
    with override_settings(NQ57_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"]):
        chain = [*made_up, client, *proxies[:-1]]
        remote = proxies[-1] if proxies else "127.0.0.1"
        assert address(remote, ", ".join(chain)) == client
