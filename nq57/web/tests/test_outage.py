"""A database outage answers 503, never 500 (issue 13 item 3): the Vietnamese outage page
with Retry-After for pages, a JSON 503 for the API, whether the error comes from a view or
from a middleware (sessions), and the same client is served again once it is back.

These are unit tests with a MOCK outage: SQLite cannot be stopped under a running test, so
the connection is made to raise OperationalError. The real outage (a PostgreSQL server
stopped and started under a running application) is test_outage_postgres.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connection
from django.test import Client

from nq57.web.outage import RETRY_AFTER_SECONDS, is_database_outage

VIETNAMESE_TITLE = "Hệ thống tạm thời không truy cập được"
VIETNAMESE_DETAIL = "không kết nối được tới cơ sở dữ liệu"


def _refused(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("connection to server failed: Connection refused")


@pytest.fixture
def vietnamese(settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def official(make_user: Callable[..., Any], vietnamese: None) -> Client:
    """A signed-in official's browser; Django's 500 handling is played, not re-raised."""
    client = Client(raise_request_exception=False)
    client.force_login(make_user("BTC", "reporter"))
    return client


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Every query fails as with a stopped server, until the returned function is called."""
    monkeypatch.setattr(connection, "_cursor", _refused)
    return monkeypatch.undo


def _is_outage_page(response: Any) -> bool:
    return (
        response.status_code == 503
        and response["Retry-After"] == str(RETRY_AFTER_SECONDS)
        and VIETNAMESE_TITLE in response.content.decode()
        and "no-store" in response["Cache-Control"]
    )


@pytest.mark.django_db
def test_a_page_answers_the_vietnamese_503_while_the_database_is_down_and_recovers(
    official: Client, database_down: Callable[[], None]
) -> None:
    for url in ["/", "/tasks/", "/ranking/", "/feedback/"]:
        assert _is_outage_page(official.get(url)), url
    database_down()  # the database is back
    assert official.get("/").status_code == 200


@pytest.mark.django_db
def test_an_error_in_a_view_answers_503(vietnamese: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "_cursor", _refused)
    response = Client(raise_request_exception=False).get("/ranking/")  # no session at all
    assert _is_outage_page(response)


@pytest.mark.django_db
def test_an_error_in_the_session_middleware_answers_503(
    official: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The session is saved on every request, by SessionMiddleware after the view answered.
    monkeypatch.setattr(SessionStore, "save", _refused)
    assert _is_outage_page(official.get("/"))
    monkeypatch.setattr(SessionStore, "load", _refused)
    assert _is_outage_page(official.get("/"))


@pytest.mark.django_db
def test_the_api_answers_a_json_503(official: Client, database_down: Callable[[], None]) -> None:
    for url in ["/api/v1/tasks/", "/api/v1/tasks/summary/"]:
        response = official.get(url)
        assert response.status_code == 503, url
        assert response["Content-Type"] == "application/json"
        assert VIETNAMESE_DETAIL in response.json()["detail"]
        assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    database_down()
    assert official.get("/api/v1/tasks/").status_code == 200


@pytest.mark.django_db
def test_an_error_inside_an_api_view_answers_a_json_503(
    api: Callable[[Any], Any], make_user: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = api(make_user("BTC", "reporter"))  # a token-like caller: no session involved
    client.raise_request_exception = False
    monkeypatch.setattr(connection, "_cursor", _refused)
    response = client.get("/api/v1/tasks/")
    assert response.status_code == 503
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_any_other_error_is_still_a_500(official: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionStore, "save", broken)
    assert official.get("/").status_code == 500


def test_an_error_raised_from_an_outage_counts_as_one() -> None:
    wrapped = RuntimeError("rendering failed")
    wrapped.__cause__ = OperationalError("server closed the connection unexpectedly")
    assert is_database_outage(wrapped)
    assert not is_database_outage(RuntimeError("a bug"))
    assert not is_database_outage(None)


@pytest.mark.django_db
def test_an_outage_is_logged_once_a_request_with_its_traceback(
    official: Client, database_down: Callable[[], None], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("ERROR", logger="django.request"):
        assert official.get("/").status_code == 503
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], OperationalError)
