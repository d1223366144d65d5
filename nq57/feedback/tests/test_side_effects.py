"""Side effects leave from services only: no page, API view or command sends mail or calls a
notifier itself, and every notifier is a task of the worker (enqueued on commit)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from django_tasks.base import Task

from nq57.feedback import notify

SOURCE = Path(__file__).resolve().parents[2]  # nq57/
SENDERS = ("django.core.mail", "notify")


def entry_points() -> Iterator[Path]:
    """Views, API modules and management commands: what a request or an operator runs."""
    for path in SOURCE.rglob("*.py"):
        parts = path.parts
        if "tests" in parts or "migrations" in parts:
            continue
        if path.stem == "views" or "views" in parts or "api" in parts or "commands" in parts:
            yield path


def imported_names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}".lstrip(".") for alias in node.names)


def test_no_view_api_or_command_sends_mail_itself() -> None:
    offenders = {
        str(path.relative_to(SOURCE)): name
        for path in entry_points()
        for name in imported_names(ast.parse(path.read_text(), str(path)))
        if any(name == s or name.endswith(f".{s}") or name.startswith(f"{s}.") for s in SENDERS)
    }
    assert any(p.name == "views.py" for p in entry_points())
    assert offenders == {}


def test_every_notifier_runs_on_the_worker() -> None:
    notifiers = [notify.receipt, notify.answered, notify.deadline_reminder, notify.deadline_passed]
    assert all(isinstance(each, Task) for each in notifiers)
