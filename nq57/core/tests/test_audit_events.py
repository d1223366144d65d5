"""Audit event types are registered by the apps: every code in use is registered, a code
registered twice fails, an unregistered one is refused, and a new one needs no migration."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from nq57.core import audit, events
from nq57.core.actors import SYSTEM
from nq57.core.models import AuditEvent

SOURCE = Path(__file__).resolve().parents[2]  # nq57/
CODE = re.compile(r"^[a-z]+\.[a-z_]+$")
# Event codes stored before the apps registered them: the last choices core's migrations held.
LAST_MIGRATION_WITH_CHOICES = ("core", "0005_rate_hits")


def python_sources() -> Iterator[Path]:
    """Every module but migrations and this test (which uses unregistered codes on purpose)."""
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts and path != Path(__file__).resolve():
            yield path


def _constants(node: ast.AST) -> Iterator[str]:
    """The string constants of a node: itself, or the items of a list, tuple or set."""
    items: list[ast.AST] = (
        list(node.elts) if isinstance(node, ast.List | ast.Tuple | ast.Set) else [node]
    )
    for item in items:
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            yield item.value


def codes_in_use(tree: ast.AST) -> Iterator[str]:
    """Codes a module names as an event: `event=`/`event__in=` arguments, the codes a test
    compares an event with, and the old `AuditEventType.NAME` spelling."""
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("event", "event__in"):
            yield from _constants(node.value)
        elif isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                yield from (c for c in _constants(side) if CODE.match(c) and _about_events(node))
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "AuditEventType"
        ):
            prefix, _sep, action = node.attr.lower().partition("_")
            yield f"{prefix}.{action}"


def _about_events(compare: ast.Compare) -> bool:
    """Whether a comparison involves something named like an event (`events(task)`,
    `event.event`, `kinds`), so that unrelated dotted strings are not taken for codes."""
    return "event" in ast.unparse(compare)


def test_every_event_code_used_anywhere_is_registered() -> None:
    registered = events.registered()
    used: dict[str, set[str]] = {}
    for path in python_sources():
        for code in codes_in_use(ast.parse(path.read_text(), str(path))):
            used.setdefault(code, set()).add(str(path.relative_to(SOURCE)))
    assert {"task.assigned", "citizen.registered", "ranking.weights_set"} <= set(used)
    unknown = {code: sorted(paths) for code, paths in used.items() if code not in registered}
    assert unknown == {}


def test_every_code_stored_under_the_old_choices_is_still_registered() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state(LAST_MIGRATION_WITH_CHOICES)
    field = state.models["core", "auditevent"].fields["event"]
    stored = {code for code, _label in field.choices}
    assert len(stored) == 22
    assert stored <= set(events.registered())
    for code, label in field.choices:
        assert str(events.registered()[code].sentence) == label  # the same sentence


def test_every_app_registers_its_events_beside_its_services() -> None:
    prefixes = {code.split(".")[0] for code in events.registered()}
    assert prefixes >= {"org", "membership", "task", "indicator", "feedback", "citizen"}
    for app in ("orgs", "accounts", "tasks", "indicators", "feedback"):
        assert (SOURCE / app / "events.py").is_file()


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, events.EventType]:
    """A copy of the registry that a test may add to without leaking into other tests."""
    copy = dict(events.registered())
    monkeypatch.setattr(events, "_registry", copy)
    return copy


def test_registering_a_code_twice_fails(scratch_registry: dict[str, Any]) -> None:
    with pytest.raises(ImproperlyConfigured, match="twice"):
        audit.register("task.assigned", "{actor} assigned {target} again")
    assert str(scratch_registry["task.assigned"].sentence) == "{actor} assigned task {target}"
    with pytest.raises(ImproperlyConfigured):
        audit.register("x" * 41, "too long to store")


@pytest.mark.django_db
def test_an_unregistered_code_is_refused_and_an_unknown_stored_one_renders_as_itself(
    make_user: Any,
) -> None:
    org = make_user("BKHCN", "reporter").memberships.get().organization
    with pytest.raises(events.UnregisteredEvent):
        audit.record(SYSTEM, events.EventType("task.vanished", "{actor}"), subject=org)
    with pytest.raises(events.UnregisteredEvent):
        audit.record(SYSTEM, "task.vanished", subject=org)  # type: ignore[arg-type]
    assert not AuditEvent.objects.filter(event="task.vanished").exists()
    stored = AuditEvent(event="retired.{event}", subject_type="x", subject_id=1)
    assert stored.sentence == "retired.{event}"


@pytest.mark.django_db
def test_a_new_event_type_needs_no_migration(scratch_registry: dict[str, Any]) -> None:
    assert not AuditEvent._meta.get_field("event").choices
    budget_approved = audit.register("budget.approved", "{actor} approved {target}")
    call_command("makemigrations", "core", check=True, dry_run=True, verbosity=0)
    subject = AuditEvent(pk=7, event="e", subject_type="t", subject_id=0)
    entry = audit.build(SYSTEM, budget_approved, subject=subject)
    assert (entry.event, entry.actor_id, entry.subject_id) == ("budget.approved", None, 7)
    assert entry.sentence == "system approved e t#0"


def test_an_event_type_is_the_same_key_in_every_language() -> None:
    """The listeners' tables are keyed by event type, built in the language of the import;
    a write in another language found no entry (a 500 on an extension request in Vietnamese
    when the server's language was English)."""
    from django.utils import translation

    from nq57.tasks import events as task_events

    with translation.override("en"):
        table = {task_events.EXTENSION_REQUESTED: "told"}
    with translation.override("vi"):
        assert table[events.lookup(task_events.EXTENSION_REQUESTED.code)] == "told"
