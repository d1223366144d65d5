"""The access matrix, played: every URL pattern of the project × every actor × its actions
answers as matrix.py says (never a 500), allowed writes really write and refused ones write
nothing; and no URL pattern is missing from the matrix. Runs once, in the PostgreSQL pass.

The admin's patterns are played from the resolver itself (each model's Django admin pages
are for staff only, whatever the model): a new admin page is played without a new row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .cells import play
from .matrix import API, PAGES, Row, _cells
from .world import OFFICIALS, World, build_world

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

ROWS = PAGES + API
# The admin is Django's, for staff only: no actor of the matrix is staff.
ADMIN = _cells("admin-login", citizen="portal")
# Its sign-in page is open; signing out of it (a POST) sends anyone back to /admin/.
ADMIN_OPEN = {
    "admin:login": _cells("ok", citizen="portal"),
    "admin:logout": _cells("ok", citizen="portal"),
}
WRITES = {"admin:logout"}
SAMPLE = {"path": "1", "int": "1", "str": "1"}


def patterns() -> Iterator[tuple[str, str]]:
    """Every URL pattern as (its name, or its route when it has none; its full route)."""

    def walk(entries: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                yield (f"{namespace}{entry.name}" if entry.name else route), route

    yield from walk(get_resolver().url_patterns, "", "")


def admin_paths() -> list[tuple[str, str]]:
    """(name, a path reaching it) for every admin pattern, parameters filled with samples."""
    found = []
    for name, route in patterns():
        if not route.startswith("admin/"):
            continue
        path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(str(m.group(1)), "1"), route)
        path = path.replace("^(?P<app_label>auth|", "tasks/").split("|")[0]
        path = re.sub(r"\^\(\?P<url>\.\*\)\$", "nothing/", path)
        path = re.sub(r"[)$^]", "", path.replace("tasks/django_tasks_database", "tasks"))
        found.append((name, "/" + path))
    return found


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """Built once for the module inside a transaction rolled back at its end; each cell runs
    in a savepoint of its own, rolled back too."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            media = tmp_path_factory.mktemp("media")
            with override_settings(MEDIA_ROOT=media):
                yield build_world(media)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _body(row_body: Any, world: World) -> dict[str, Any]:
    return row_body(world) if callable(row_body) else dict(row_body)


def _mismatches(
    world: World, path: str, method: str, body: Any, expect: dict[str, str]
) -> list[str]:
    wrong = []
    for actor, expected in expect.items():
        got, changed = play(world.clients[actor], method, path, body)
        if got != expected:
            wrong.append(f"{method} {path} as {actor}: {got}, expected {expected} [{changed}]")
        elif got != "write" and method != "GET" and changed:
            wrong.append(f"{method} {path} as {actor}: {got} but wrote {changed}")
    return wrong


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_cell_answers_as_the_matrix_says(row: Row, world: World, settings: Any) -> None:
    settings.MEDIA_ROOT = world.media_root
    values = {name: next(iter(kwargs.values())) for name, kwargs in world.kwargs.items()}
    path = reverse(row.name, kwargs=world.kwargs[row.target] if row.target else None)
    path += row.query.format_map(values)
    wrong: list[str] = []
    if row.get is not None:
        wrong += _mismatches(world, path, "GET", None, row.get)
    if row.post is not None:
        body = _body(row.post[0], world)
        wrong += _mismatches(world, path, "POST", body, row.post[1])
    if row.patch is not None:
        wrong += _mismatches(world, path, "PATCH", _body(row.patch[0], world), row.patch[1])
    assert not wrong, "cells that differ from the matrix:\n" + "\n".join(wrong)


API_ROWS = [row for row in ROWS if row in API]


@pytest.mark.parametrize("row", API_ROWS, ids=[row.name for row in API_ROWS])
def test_methods_an_endpoint_does_not_take_answer_405(row: Row, world: World) -> None:
    """No endpoint of the API takes PUT or DELETE (PATCH only where its row says so)."""
    path = reverse(row.name, kwargs=world.kwargs[row.target] if row.target else None)
    methods = ["PUT", "DELETE", *([] if row.patch else ["PATCH"])]
    wrong = []
    for method in methods:
        got, changed = play(world.clients["secretariat"], method, path, {})
        if got != "405" or changed:
            wrong.append(f"{method} {path}: {got} [{changed}]")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("name", "path"), admin_paths())
def test_the_admin_is_closed_to_every_actor(name: str, path: str, world: World) -> None:
    method = "POST" if name in WRITES else "GET"
    wrong = _mismatches(world, path, method, {}, ADMIN_OPEN.get(name, ADMIN))
    assert not wrong, "\n".join(wrong)


def test_every_url_pattern_has_its_row_in_the_matrix() -> None:
    """A new page or endpoint must get its row in matrix.py (see its docstring)."""
    rows = {row.name for row in ROWS}
    missing = sorted({name for name, route in patterns() if not route.startswith("admin/")} - rows)
    where = "URL patterns without a row in nq57/security/tests/matrix.py (see its docstring):"
    assert not missing, "\n".join([where, *missing])


def test_the_matrix_names_only_patterns_that_exist_and_every_actor() -> None:
    names = {name for name, _ in patterns()}
    assert {row.name for row in ROWS} <= names
    assert len(ROWS) == len({row.name for row in ROWS})
    assert len(OFFICIALS) >= 14
