"""Only members of an organisation (or staff) reach the officials' pages and the API;
citizens signed in through the identity provider get the public portal only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from nq57.accounts.gate import PUBLIC_VIEWS
from nq57.accounts.models import User
from nq57.accounts.services import citizen_sign_in

pytestmark = pytest.mark.django_db
SAMPLE_ARGUMENTS = {"int": "1", "str": "X1", "slug": "x1", "path": "x1"}


@pytest.fixture
def citizen() -> Client:
    person = citizen_sign_in(issuer="https://vneid.example", subject="0012", claims={})
    client = Client()
    client.force_login(person)
    return client


def page_urls() -> Iterator[tuple[str, str]]:
    """Every page of the site (name, a path that reaches it), the admin's and the API's
    aside, with sample values for the path's parameters."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith(("admin/", "api/", "^")):
                continue
            for kind, value in SAMPLE_ARGUMENTS.items():
                route = _fill(route, kind, value)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", "/" + prefix + route

    yield from walk(get_resolver().url_patterns, "", "")


def _fill(route: str, kind: str, value: str) -> str:
    import re

    return re.sub(rf"<{kind}:[a-z_]+>", value, route)


OFFICIAL_PAGES = sorted({(n, p) for n, p in page_urls() if n not in PUBLIC_VIEWS})


def test_the_walk_finds_the_officials_pages() -> None:
    names = {name for name, _ in OFFICIAL_PAGES}
    assert {"web:dashboard", "tasks:list", "indicators:overview", "feedback:handle"} <= names
    assert not names & {"feedback:home", "web:login", "feedback:mine"}


@pytest.mark.parametrize(("name", "path"), OFFICIAL_PAGES)
def test_a_citizen_is_sent_to_the_portal_from_every_officials_page(
    citizen: Client, name: str, path: str
) -> None:
    for method in (citizen.get, citizen.post):
        response = method(path)
        assert response.status_code == 302, (name, path, response.status_code)
        assert response["Location"] == "/feedback/"


def test_a_citizen_reaches_the_portal(citizen: Client) -> None:
    for path in ("/feedback/", "/feedback/mine/", "/feedback/new/", "/feedback/stats/"):
        assert citizen.get(path).status_code == 200, path


def test_a_citizen_is_refused_by_the_api(citizen: Client) -> None:
    for path in ("/api/v1/tasks/", "/api/v1/orgs/", "/api/v1/indicators/"):
        response = citizen.get(path)
        assert response.status_code == 403, path
        assert "detail" in response.json()
    assert citizen.post("/api/v1/tasks/", {}, content_type="application/json").status_code == 403
    assert citizen.get("/api/v1/feedback/stats/").status_code == 200  # public, like its page


def test_the_admin_is_closed_to_citizens(citizen: Client) -> None:
    assert citizen.get("/admin/").status_code == 302
    assert citizen.get("/admin/")["Location"] == "/feedback/"


def test_an_official_and_a_staff_member_reach_their_pages(
    make_user: Callable[..., User],
) -> None:
    staff = User.objects.create_user("operator", password=None, is_staff=True)
    for user in (make_user("BKHCN", "viewer"), staff):
        client = Client()
        client.force_login(user)
        assert client.get("/").status_code == 200
        assert client.get("/tasks/").status_code == 200
        assert client.get("/api/v1/tasks/").status_code == 200


def test_a_visitor_is_asked_to_sign_in(client: Client) -> None:
    assert client.get("/tasks/")["Location"].startswith("/login/")
    assert client.get("/api/v1/tasks/").status_code == 401
