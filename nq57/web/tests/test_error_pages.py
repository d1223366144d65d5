"""With DEBUG off, a request that cannot be served answers in Vietnamese, in the site's frame,
with a way back: 400, 403 (a refused form too), 404 and 500 — never Django's English pages."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory

from nq57.web.outage import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_like(settings: Any) -> None:
    settings.DEBUG = False
    settings.LANGUAGE_CODE = "vi"


def official(make_user: Callable[..., Any]) -> Client:
    client = Client()
    client.force_login(make_user("BKHCN", "reporter"))
    return client


def test_a_missing_page_is_404_in_vietnamese_in_the_frame_with_the_way_back(
    make_user: Callable[..., Any],
) -> None:
    client = official(make_user)
    answer = client.get("/khong-co-trang-nay/", HTTP_REFERER="http://testserver/tasks/")
    page = answer.content.decode()
    assert answer.status_code == 404
    assert 'data-error="404"' in page
    assert "Không tìm thấy trang" in page
    assert 'href="http://testserver/tasks/"' in page  # back where one came from
    assert 'href="/"' in page or "navbar" in page  # the site's frame
    assert "Not Found" not in page
    # A way back never leads off the site.
    elsewhere = client.get("/khong-co/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in elsewhere


def test_a_form_from_a_stale_page_is_a_vietnamese_403(make_user: Callable[..., Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/login/", {"username": "x", "password": "y"})
    page = answer.content.decode()
    assert answer.status_code == 403
    assert 'data-error="403"' in page
    assert "Không gửi được biểu mẫu" in page
    assert "verification failed" not in page


def test_a_bad_request_is_a_vietnamese_400(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["nq57.gov.vn"]
    answer = Client().get("/", HTTP_HOST="khong-hop-le.example")
    assert answer.status_code == 400
    assert 'data-error="400"' in answer.content.decode()


def test_an_unexpected_error_is_a_vietnamese_500_without_the_database() -> None:
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        assert sys.exc_info()[1] is not None
        answer = server_error(request)
    page = answer.content.decode()
    assert answer.status_code == 500
    assert 'data-error="500"' in page
    assert "Đã có lỗi" in page
