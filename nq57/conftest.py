"""Fixtures shared by every app's tests: the organisation tree, users by role, tasks."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Generator
from datetime import date
from typing import Any

import pytest
from hypothesis import settings
from pytest_django.plugin import blocking_manager_key
from rest_framework.test import APIClient
from xdist.scheduler import LoadFileScheduling

from nq57.accounts.access import Actor
from nq57.accounts.models import User
from nq57.accounts.services import user_create
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.orgs.services import orgs_load_builtin
from nq57.tasks import services
from nq57.tasks.models import Program, Task

# Timings vary on a shared 2-core machine; a per-example deadline would only make tests flaky.
settings.register_profile("nq57", deadline=None)
settings.load_profile("nq57")


def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    """Tests marked `postgres_only` (real concurrent writers, which SQLite serialises by
    design) belong to the PostgreSQL pass of `make test`: the SQLite pass leaves them out
    (deselected, not skipped), and the PostgreSQL pass runs every test."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    elsewhere = [item for item in items if item.get_closest_marker("postgres_only")]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if not item.get_closest_marker("postgres_only")]


# Several test processes (`make test` runs pytest-xdist with TEST_WORKERS of them, each on a
# test database of its own): the files are shared out one at a time, so that a file's module
# fixtures (a server, a cluster) start once. The browser package is one unit, sent first: its
# server and demo data start once, and its long run overlaps everything else on the other
# worker instead of coming last.
BROWSER_PACKAGE = "nq57/web/tests/browser/"


class BrowserFirstScheduling(LoadFileScheduling):
    """`--dist loadfile`, with the browser package as one unit at the head of the queue."""

    # Set by LoadFileScheduling, which leaves it untyped: scope → the tests of that unit.
    workqueue: OrderedDict[str, Any]

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        self._ordered = False

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.startswith(BROWSER_PACKAGE):
            return BROWSER_PACKAGE
        return super()._split_scope(nodeid)

    def _assign_work_unit(self, node: Any) -> None:
        # The queue is complete when the first unit goes out; xdist has put the units with
        # the most tests first, and a stable sort keeps that order behind the browser.
        if not self._ordered:
            self._ordered = True
            units = sorted(self.workqueue.items(), key=lambda unit: unit[0] != BROWSER_PACKAGE)
            self.workqueue = OrderedDict(units)
        super()._assign_work_unit(node)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> BrowserFirstScheduling | None:
    """For `-n N` alone or with `--dist loadfile`; another `--dist` gets xdist's own."""
    if config.getoption("dist") in ("load", "loadfile"):
        return BrowserFirstScheduling(config, log)
    return None


# A transactional test (django_db(transaction=True)) empties every table when it ends, the
# organisations included. pytest-django runs those tests after all the others, so that no
# test opening a transaction finds the organisations gone; a worker of pytest-xdist runs its
# files one after another, each with both kinds, so the organisations are loaded again before
# the next test of the other kind that follows such a flush.
TRANSACTIONAL_FIXTURES = frozenset({"transactional_db", "live_server", "django_db_reset_sequences"})
_flushed = pytest.StashKey[bool]()


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def _in_a_transaction(item: pytest.Item) -> bool:
    uses_db = item.get_closest_marker("django_db") is not None or "db" in getattr(
        item, "fixturenames", ()
    )
    return uses_db and not _transactional(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.config.stash.get(_flushed, False) and _in_a_transaction(item):
        with item.config.stash[blocking_manager_key].unblock():
            if not Organization.objects.exists():
                orgs_load_builtin()
        item.config.stash[_flushed] = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    try:
        return (yield)
    finally:
        if _transactional(item):
            item.config.stash[_flushed] = True


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the 3,390 built-in organisations once; each test's transaction leaves them be."""
    with django_db_blocker.unblock():
        orgs_load_builtin()


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings: Any, tmp_path: Any) -> None:
    """Evidence files (and the routing suggester's versions) land in the test's own
    directory, which pytest cleans up."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NQ57_SUGGESTER_DIR = tmp_path / "suggester"


@pytest.fixture
def org(db: Any) -> Callable[[str], Organization]:
    return lambda code: Organization.objects.get(code=code)


@pytest.fixture
def builtin_orgs(transactional_db: Any) -> None:
    """The organisations, which an earlier transactional test's flush may have removed."""
    if not Organization.objects.exists():
        orgs_load_builtin()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(org_code: str, role: str, username: str | None = None) -> User:
        return user_create(
            SYSTEM,
            username=username or f"{role}-{org_code}-{next(counter)}",
            password="correct horse battery staple",  # nosec B106  # development, demo or test value; never a production secret
            organization=Organization.objects.get(code=org_code),
            role=role,
        )

    return make


@pytest.fixture
def program(db: Any) -> Program:
    return services.program_create(SYSTEM, code="57-NQ/TW", title="Nghị quyết 57-NQ/TW")


@pytest.fixture
def make_task(db: Any, program: Program) -> Callable[..., Task]:
    counter = iter(range(1, 100_000))

    def make(
        lead: str = "BKHCN",
        assigned_by: str = "BCDTW",
        *,
        actor: Actor = SYSTEM,
        assigned_on: date = date(2025, 1, 15),
        deadline: date | None = date(2025, 12, 31),
        kind: str = "deadline",
        coordinating: tuple[str, ...] = (),
        **extra: Any,
    ) -> Task:
        return services.task_create(
            actor,
            program=extra.pop("program", program),
            code=extra.pop("code", None) or f"NV-{next(counter):04d}",
            title=extra.pop("title", "Xây dựng cơ sở dữ liệu quốc gia về khoa học"),
            lead_org=Organization.objects.get(code=lead),
            assigned_by=Organization.objects.get(code=assigned_by),
            assigned_on=assigned_on,
            kind=kind,
            deadline=deadline if kind == "deadline" else None,
            responsible_person=extra.pop("responsible_person", "Nguyễn Văn A"),
            expected_product=extra.pop("expected_product", "Báo cáo"),
            coordinating_orgs=[Organization.objects.get(code=c) for c in coordinating],
            # The fixtures bring in history: a past assignment needs its reason.
            history_reason=extra.pop("history_reason", "test fixture history"),
            **extra,
        )

    return make


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    def client_for(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
