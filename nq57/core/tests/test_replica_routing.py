"""The replica router's decisions and the WAL-position arithmetic, in-process.

The real replica, over HTTP, is in test_replica_live.py. Here the request's "does the replica
serve this reader" answer, which asks a live replica, is given by the test: everything
around it (which requests, which models, which writes, a down replica) is the real code.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from hypothesis import given
from hypothesis import strategies as st

from nq57.accounts.models import ApiToken, Membership, User
from nq57.core.models import AuditEvent, RateHit, ScheduledRun, WritePosition
from nq57.core.replica import positions, state
from nq57.core.replica.lsn import MAX_LSN, format_lsn, is_replayed, parse_lsn
from nq57.core.replica.middleware import ReplicaReadMiddleware
from nq57.core.replica.router import ReplicaRouter
from nq57.tasks.models import ProgressReport, Task

ROUTER = ReplicaRouter()
positions_ = st.integers(min_value=0, max_value=MAX_LSN)


@pytest.fixture(autouse=True)
def _replica_believed_up() -> Iterator[None]:
    state._replica_down_until = 0.0
    yield
    state._replica_down_until = 0.0


class Decisions:
    """The answer the test gives for "does the replica serve this reader", and how often
    it was asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked = 0

    def __call__(self, request: HttpRequest) -> bool:
        self.asked += 1
        return self.answer


def request_reads(method: str = "GET", answer: bool = True) -> tuple[state.RequestReads, Decisions]:
    decisions = Decisions(answer)
    request = RequestFactory().generic(method, "/tasks/")
    reads = state.RequestReads(
        request=request, safe_method=method in state.SAFE_METHODS, replica_serves=decisions
    )
    return reads, decisions


def routed(reads: state.RequestReads, model: Any) -> str:
    close = state.open_reads(reads)
    try:
        return ROUTER.db_for_read(model)
    finally:
        close()


# --- WAL positions -------------------------------------------------------------------


@given(positions_)
def test_a_printed_position_parses_back_to_itself(position: int) -> None:
    assert parse_lsn(format_lsn(position)) == position


@given(positions_, positions_)
def test_positions_compare_as_the_wal_they_stand_for(first: int, second: int) -> None:
    assert (parse_lsn(format_lsn(first)) <= parse_lsn(format_lsn(second))) == (first <= second)
    assert is_replayed(first, second) == (first >= second)


@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFFFFFF))
def test_postgresqls_spelling_is_read_in_either_case(high: int, low: int) -> None:
    text = f"{high:x}/{low:x}"
    assert parse_lsn(text) == parse_lsn(text.upper()) == (high << 32) + low


@pytest.mark.parametrize("text", ["", "0", "16B374D848", "1/2/3", "G/0", "123456789/0", "-1/0"])
def test_what_is_not_a_position_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a WAL position"):
        parse_lsn(text)


def test_known_positions() -> None:
    assert parse_lsn("16/B374D848") == 0x16B374D848
    assert format_lsn(0x16B374D848) == "16/B374D848"
    assert format_lsn(0) == "0/0"


@given(positions_)
def test_a_server_that_replays_nothing_is_never_trusted(needed: int) -> None:
    assert not is_replayed(None, needed)
    assert not is_replayed(None, None)


@given(positions_)
def test_a_reader_with_no_write_may_read_any_replaying_replica(replayed: int) -> None:
    assert is_replayed(replayed, None)


# --- the router's decisions --------------------------------------------------------------


def test_outside_a_request_everything_reads_on_the_primary() -> None:
    assert ROUTER.db_for_read(Task) == "default"
    assert ROUTER.db_for_write(Task) == "default"


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_reading_request_reads_on_the_replica_when_it_serves_the_reader(method: str) -> None:
    reads, decisions = request_reads(method)
    assert routed(reads, Task) == "replica"
    assert routed(reads, ProgressReport) == "replica"
    assert decisions.asked == 1  # decided once a request
    assert reads.used_replica


def test_a_reader_whose_write_the_replica_has_not_replayed_reads_on_the_primary() -> None:
    reads, _ = request_reads(answer=False)
    assert routed(reads, Task) == "default"
    assert not reads.used_replica


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_writing_request_reads_on_the_primary(method: str) -> None:
    reads, decisions = request_reads(method)
    assert routed(reads, Task) == "default"
    assert decisions.asked == 0


@pytest.mark.parametrize(
    "model", [User, Membership, ApiToken, Session, RateHit, ScheduledRun, WritePosition]
)
def test_primary_only_models_are_read_on_the_primary(model: Any) -> None:
    reads, decisions = request_reads()
    assert routed(reads, model) == "default"
    assert decisions.asked == 0


def test_after_a_write_the_request_reads_on_the_primary() -> None:
    reads, _ = request_reads()
    assert routed(reads, Task) == "replica"
    close = state.open_reads(reads)
    try:
        assert ROUTER.db_for_write(AuditEvent) == "default"
        assert ROUTER.db_for_read(Task) == "default"
    finally:
        close()
    assert reads.wrote


def test_bookkeeping_on_primary_only_tables_does_not_pin_the_request() -> None:
    reads, _ = request_reads()
    close = state.open_reads(reads)
    try:
        ROUTER.db_for_write(ApiToken)  # a token's last use, a session's last-seen
        assert ROUTER.db_for_read(Task) == "replica"
    finally:
        close()
    assert not reads.wrote


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_on_the_primary_reads_stay_there() -> None:
    reads, _ = request_reads()
    with transaction.atomic():
        assert routed(reads, Task) == "default"
    assert routed(reads, Task) == "replica"


def test_a_replica_marked_down_is_left_alone_for_the_retry_interval(settings: Any) -> None:
    settings.NQ57_REPLICA_RETRY_SECONDS = 0.3
    state.mark_replica_down(ConnectionError("refused"))
    reads, decisions = request_reads()
    assert routed(reads, Task) == "default"
    assert decisions.asked == 0
    time.sleep(0.35)
    assert routed(reads, Task) == "replica"


def test_migrations_run_on_the_primary_only() -> None:
    assert ROUTER.allow_migrate("default", "tasks")
    assert not ROUTER.allow_migrate("replica", "tasks")


# --- whose writes a read waits for ------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_in_readers_position_is_their_row(make_user: Any) -> None:
    user = make_user("BKHCN", "reporter")
    request = RequestFactory().get("/")
    request.user = user
    assert positions.write_position_of(request) is None
    WritePosition.objects.create(user=user, lsn=0x16B374D848, recorded_at="2025-01-01T00:00Z")
    assert positions.write_position_of(request) == 0x16B374D848
    request.session = SessionStore()  # what they wrote before signing in counts too
    request.session[positions.SESSION_KEY] = 0x16B374D849
    assert positions.write_position_of(request) == 0x16B374D849
    request.session[positions.SESSION_KEY] = 1
    assert positions.write_position_of(request) == 0x16B374D848


@pytest.mark.django_db
def test_an_anonymous_readers_position_is_in_their_session() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    assert positions.write_position_of(request) is None
    request.session[positions.SESSION_KEY] = 4096
    assert positions.write_position_of(request) == 4096


def test_a_token_not_yet_checked_reads_on_the_primary() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/", HTTP_AUTHORIZATION="Bearer nq57_x")
    request.user = AnonymousUser()
    assert not positions.replica_serves(request)


# --- on PostgreSQL: recording a writer's position ------------------------------------------


def _current_position() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return parse_lsn(cursor.fetchone()[0])


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_writers_position_is_where_the_primarys_wal_stood(make_user: Any) -> None:
    user = make_user("BKHCN", "reporter")
    request = RequestFactory().post("/")
    request.user = user
    before = _current_position()
    positions.record_write_position(request)
    recorded = WritePosition.objects.get(user=user).lsn
    assert before <= recorded <= _current_position()
    WritePosition.objects.filter(user=user).update(lsn=MAX_LSN >> 1)
    positions.record_write_position(request)  # an older position never replaces a newer one
    assert WritePosition.objects.get(user=user).lsn == MAX_LSN >> 1


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_a_request_that_wrote_records_its_writers_position(make_user: Any) -> None:
    user = make_user("BKHCN", "reporter")

    def view(request: HttpRequest) -> HttpResponse:
        ROUTER.db_for_write(AuditEvent)
        return HttpResponse("written")

    request = RequestFactory().post("/")
    request.user = user
    response = ReplicaReadMiddleware(view)(request)
    assert response["X-NQ57-Read-From"] == "primary"
    assert WritePosition.objects.filter(user=user).exists()
    anonymous = RequestFactory().post("/")
    from django.contrib.auth.models import AnonymousUser

    anonymous.user = AnonymousUser()
    anonymous.session = SessionStore()
    ReplicaReadMiddleware(view)(anonymous)
    assert isinstance(anonymous.session[positions.SESSION_KEY], int)


# --- a replica that fails in the middle of a read ----------------------------------------


class ReplicaAlwaysServes(ReplicaReadMiddleware):
    """The middleware, with the replica's answer given (no replica runs in-process)."""

    replica_serves = staticmethod(Decisions(answer=True))


aliases_read: list[str] = []


def read_view(request: HttpRequest) -> HttpResponse:
    """Fails like a dead replica when its read is routed there (after a write, if asked)."""
    aliases_read.append(ROUTER.db_for_read(Task))
    if request.GET.get("write"):
        ROUTER.db_for_write(AuditEvent)
    if aliases_read[-1] == "replica":
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse("the page")


urlpatterns = [path("read/", read_view)]
STAND_IN = {"ROOT_URLCONF": __name__, "MIDDLEWARE": [f"{__name__}.ReplicaAlwaysServes"]}


def test_a_read_that_fails_on_the_replica_runs_once_more_on_the_primary() -> None:
    aliases_read.clear()
    with override_settings(**STAND_IN):
        response = Client().get("/read/")
    assert (response.status_code, response.content) == (200, b"the page")
    assert response["X-NQ57-Read-From"] == "primary"
    assert aliases_read == ["replica", "default"]
    assert state.replica_marked_down()


@pytest.mark.parametrize(("method", "query"), [("get", "?write=1"), ("post", "")])
def test_a_request_that_wrote_or_writes_is_never_run_twice(method: str, query: str) -> None:
    aliases_read.clear()
    with override_settings(**STAND_IN):
        response = getattr(Client(raise_request_exception=False), method)(f"/read/{query}")
    assert len(aliases_read) == 1
    assert response.status_code == (500 if method == "get" else 200)
