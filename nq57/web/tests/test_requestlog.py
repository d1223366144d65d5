"""One JSON log line a request (issue 13 item 3): method, path, route, status, duration, the
user's id and organisation, the request's id (nginx's, else a new one, echoed in the
response) — and no personal data: no username, e-mail, query string or client address.
Django's own error lines are JSON too, with their traceback and the request's id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from config.logging import logging_settings
from nq57.accounts.services import calendar_feed_create
from nq57.core.logs import RequestIdFilter

EMAIL = "nguyen.van.a@example.vn"


@pytest.fixture
def json_lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON lines written meanwhile by the request and error loggers, as production has
    them (the formatter of `logging_settings("json", ...)`)."""
    config = logging_settings("json", "INFO")["formatters"]["json"]
    factory = config.pop("()")
    module, name = factory.rsplit(".", 1)
    formatter = getattr(__import__(module, fromlist=[name]), name)(**config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger("nq57.request"), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.mark.django_db
def test_a_signed_in_request_is_one_json_line_with_ids_and_no_personal_data(
    make_user: Callable[..., Any], json_lines: Callable[[], list[dict[str, Any]]]
) -> None:
    user = make_user("BTC", "reporter", username="nguyenvana")
    user.email = EMAIL
    user.full_name = "Nguyễn Văn An"
    user.save()
    client = Client()
    client.force_login(user)
    response = client.get(
        "/tasks/?q=secret-search",
        HTTP_X_REQUEST_ID="a1b2c3d4e5f6a7b8c9d0",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "a1b2c3d4e5f6a7b8c9d0"
    (line,) = [line for line in json_lines() if line["logger"] == "nq57.request"]
    assert line["method"] == "GET"
    assert line["path"] == "/tasks/"
    assert line["route"] == "tasks:list"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] == user.pk
    assert line["org"] == "BTC"
    assert line["request_id"] == "a1b2c3d4e5f6a7b8c9d0"
    assert line["level"] == "INFO"
    text = json.dumps(line, ensure_ascii=False)
    for private in ["nguyenvana", EMAIL, "secret-search", "203.0.113.9", "Nguyễn Văn An"]:
        assert private not in text


@pytest.mark.django_db
def test_the_secret_of_a_private_calendar_link_is_not_logged(
    make_user: Callable[..., Any], json_lines: Callable[[], list[dict[str, Any]]]
) -> None:
    user = make_user("BTC", "reporter")
    _feed, secret = calendar_feed_create(user, user=user)
    assert Client().get(f"/calendar/{secret}.ics").status_code == 200
    (line,) = [line for line in json_lines() if line["logger"] == "nq57.request"]
    assert line["route"] == "web:calendar_feed"
    assert line["path"] == "/calendar/….ics"
    assert secret not in json.dumps(line)


@pytest.mark.django_db
def test_without_a_proxys_id_a_new_one_is_made_and_a_forged_one_refused(
    json_lines: Callable[[], list[dict[str, Any]]],
) -> None:
    first = Client().get("/healthz")
    forged = Client().get("/healthz", HTTP_X_REQUEST_ID="x\nINFO fake line")
    ids = [first["X-Request-ID"], forged["X-Request-ID"]]
    assert all(len(request_id) == 32 for request_id in ids)
    assert ids[0] != ids[1]
    lines = json_lines()
    assert [line["request_id"] for line in lines] == ids
    assert [line["route"] for line in lines] == ["healthz", "healthz"]
    assert "user_id" not in lines[0]  # nobody was signed in (and nobody was looked up)


@pytest.mark.django_db
def test_a_server_error_is_logged_as_json_with_its_traceback_and_request_id(
    make_user: Callable[..., Any],
    json_lines: Callable[[], list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr("nq57.web.views.dashboard", broken)
    client = Client(raise_request_exception=False)
    client.force_login(make_user("BTC", "reporter"))
    response = client.get("/?org=BTC")
    assert response.status_code == 500
    errors = [line for line in json_lines() if line["logger"] == "django.request"]
    assert errors
    assert "RuntimeError: a bug" in errors[0]["exc_info"]
    assert errors[0]["request_id"] == response["X-Request-ID"]
    assert "org=BTC" not in json.dumps(errors)  # the request's text (with its query) is left out
