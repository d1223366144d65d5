"""The discussion on a task: the lead side, the assigning side and the secretariat write;
coordinators and inspectors read; each comment is audited and told to the other side only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from nq57.accounts.models import User
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.models import AuditEvent
from nq57.notices.models import Notice
from nq57.notices.selectors import sentence
from nq57.tasks.models import Task, TaskComment
from nq57.tasks.permissions import can_comment
from nq57.tasks.services import task_comment_add, task_withdraw

pytestmark = pytest.mark.django_db


@dataclass
class Cast:
    """A task the steering committee (BCDTW) gave to a ministry (BKHCN), coordinated by
    another ministry (BTC), and everyone around it."""

    task: Task
    reporter: User  # the lead side
    lead_approver: User  # the lead side too (an approver reports for its organisation)
    approver: User  # the assigning side
    secretariat: User
    coordinator: User
    inspector: User
    stranger: User


@pytest.fixture
def cast(make_user: Callable[..., User], make_task: Callable[..., Task]) -> Cast:
    users = {
        "reporter": make_user("BKHCN", "reporter"),
        "lead_approver": make_user("BKHCN", "approver"),
        "approver": make_user("BCDTW", "approver"),
        "secretariat": make_user("BCDTW", "secretariat"),
        "coordinator": make_user("BTC", "reporter"),
        "inspector": make_user("UBKTTW", "inspector"),
        "stranger": make_user("BYT", "reporter"),
    }
    task = make_task("BKHCN", "BCDTW", coordinating=("BTC",))
    Notice.objects.all().delete()  # the assignment's notices
    return Cast(task=task, **users)


def comments_told(user: User) -> list[str]:
    return [sentence(n) for n in Notice.objects.filter(recipient=user, kind="task.commented")]


def test_the_lead_side_the_assigning_side_and_the_secretariat_write(cast: Cast) -> None:
    first = task_comment_add(cast.reporter, task=cast.task, body="  Xin ý kiến về phạm vi.  ")
    second = task_comment_add(cast.approver, task=cast.task, body="Giữ nguyên phạm vi.")
    third = task_comment_add(cast.secretariat, task=cast.task, body="Đề nghị báo cáo trước 15/12.")
    assert [
        (c.side, c.author_org.code if c.author_org else None) for c in (first, second, third)
    ] == [
        ("lead", "BKHCN"),
        ("assigning", "BCDTW"),
        ("secretariat", "BCDTW"),
    ]
    assert first.body == "Xin ý kiến về phạm vi."  # the blank space around is not kept
    assert list(cast.task.comments.values_list("pk", flat=True)) == [first.pk, second.pk, third.pk]


@pytest.mark.parametrize("who", ["coordinator", "inspector", "stranger"])
def test_coordinators_inspectors_and_strangers_may_not_write(cast: Cast, who: str) -> None:
    actor = getattr(cast, who)
    assert not can_comment(actor, cast.task)
    with pytest.raises(NotPermitted):
        task_comment_add(actor, task=cast.task, body="Góp ý")
    assert not TaskComment.objects.exists()
    assert not AuditEvent.objects.filter(event="task.commented").exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write a comment."),
        (" \r\n\t ", "Write a comment."),
        ("x" * 4001, "A comment holds at most 4000 characters (this one has 4001)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_an_empty_or_too_long_comment_is_refused_by_field(
    cast: Cast, body: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        task_comment_add(cast.reporter, task=cast.task, body=body)
    assert refused.value.fields == {"body": [message]}
    assert not TaskComment.objects.exists()


def test_the_limit_counts_a_line_break_once(cast: Cast) -> None:
    """A browser sends a line break as two characters; the reader (and the limit) see one."""
    body = "x" * 2000 + "\r\n" + "y" * 1999
    assert len(task_comment_add(cast.reporter, task=cast.task, body=body).body) == 4000


def test_a_comment_is_audited_with_its_id(cast: Cast) -> None:
    comment = task_comment_add(cast.approver, task=cast.task, body="Đồng ý.")
    event = AuditEvent.objects.get(event="task.commented")
    assert event.actor_id == cast.approver.pk
    assert event.data == {"comment": comment.pk}
    assert event.subject_id == cast.task.pk


def test_a_withdrawn_task_takes_no_more_comments(cast: Cast) -> None:
    task_withdraw(cast.secretariat, task=cast.task, reason="Trùng nhiệm vụ")
    with pytest.raises(InvalidTransition):
        task_comment_add(cast.reporter, task=cast.task, body="Vì sao?")


def test_the_system_actor_writes_no_comment(cast: Cast) -> None:
    from nq57.core.actors import SYSTEM

    with pytest.raises(NotPermitted):
        task_comment_add(SYSTEM, task=cast.task, body="Tự động")


def test_the_lead_sides_comment_is_told_to_the_deciding_side_only(cast: Cast) -> None:
    cast.reporter.full_name = "Nguyễn Văn An"
    cast.reporter.save()
    task_comment_add(cast.reporter, task=cast.task, body="Đề nghị\nbổ sung kinh phí.")
    assert comments_told(cast.approver) == [
        f"Nguyễn Văn An commented on {cast.task.code}: Đề nghị bổ sung kinh phí."
    ]
    for user in (cast.reporter, cast.lead_approver, cast.coordinator, cast.inspector):
        assert comments_told(user) == []
    assert comments_told(cast.stranger) == []
    # The assigning body has its approver: the secretariat is not told.
    assert comments_told(cast.secretariat) == []


def test_the_assigning_sides_comment_is_told_to_the_lead_side_only(cast: Cast) -> None:
    long = "Đề nghị làm rõ " + "sản phẩm " * 30
    task_comment_add(cast.approver, task=cast.task, body=long)
    told = comments_told(cast.reporter)
    assert told == comments_told(cast.lead_approver)
    assert len(told) == 1
    excerpt = told[0].split(": ", 1)[1]
    assert len(excerpt) == 120
    assert excerpt.endswith("…")
    for user in (cast.approver, cast.coordinator, cast.inspector, cast.stranger):
        assert comments_told(user) == []


def test_each_comment_is_told_once_and_the_secretariat_tells_both_sides(cast: Cast) -> None:
    task_comment_add(cast.secretariat, task=cast.task, body="Nhắc hai bên.")
    task_comment_add(cast.secretariat, task=cast.task, body="Nhắc lần hai.")
    for user in (cast.reporter, cast.lead_approver, cast.approver):
        assert len(comments_told(user)) == 2
    assert comments_told(cast.secretariat) == []
    keys = Notice.objects.filter(recipient=cast.reporter).values_list("key", flat=True)
    ids = TaskComment.objects.values_list("pk", flat=True)
    assert sorted(keys) == sorted(f"task.commented:{cast.task.pk}:{pk}" for pk in ids)


def test_the_author_is_never_told_even_when_the_other_side_is_theirs(
    make_user: Callable[..., User], make_task: Callable[..., Any]
) -> None:
    """Nobody decides at BCDCP: the secretariat stands in for the deciding side, and does not
    tell itself of its own comment."""
    reporter = make_user("01", "reporter")
    secretariat = make_user("BCDTW", "secretariat")
    task = make_task("01", "BCDCP")
    task_comment_add(reporter, task=task, body="Xin hướng dẫn.")
    assert len(comments_told(secretariat)) == 1
    task_comment_add(secretariat, task=task, body="Đã hướng dẫn.")
    assert len(comments_told(secretariat)) == 1
    assert len(comments_told(reporter)) == 1
