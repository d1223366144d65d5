"""Who is told about a task's work: each decision reaches the side that must act, with its
reason, once; the daily reminders tell of deadlines, silence and lateness once per event,
and raise a long overdue task to the lead's approvers, then to the assigning body."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from nq57.accounts.models import Membership, User
from nq57.core.calendar import add_working_days
from nq57.notices.models import Notice
from nq57.notices.services import preferences_set
from nq57.orgs.models import Organization
from nq57.tasks.models import Task
from nq57.tasks.reminders import remind_tasks
from nq57.tasks.services import (
    completion_confirm,
    completion_request,
    completion_return,
    extension_refuse,
    extension_request,
    progress_report_submit,
    task_withdraw,
)

pytestmark = pytest.mark.django_db


def told(user: User) -> list[tuple[str, str]]:
    """What the user was told: (kind, sentence) in the order told."""
    from nq57.notices.selectors import sentence

    return [(n.kind, sentence(n)) for n in Notice.objects.filter(recipient=user).order_by("pk")]


def kinds_told(user: User) -> list[str]:
    return [kind for kind, _ in told(user)]


def test_each_decision_reaches_the_side_that_acts_with_its_reason(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user("BKHCN", "reporter")
    coordinator = make_user("BTC", "reporter")
    approver = make_user("BCDTW", "approver")
    stranger = make_user("BYT", "reporter")
    with time_machine.travel(date(2025, 1, 15)):
        task = make_task("BKHCN", "BCDTW", actor=approver, coordinating=("BTC",))
    assert kinds_told(reporter) == kinds_told(coordinator) == ["task.assigned"]
    assert kinds_told(approver) == []  # one is not told of what one did
    assert task.code in told(reporter)[0][1]

    with time_machine.travel(date(2025, 3, 3)):
        completion_request(reporter, task=task, links=["https://bkhcn.gov.vn/ket-qua"])
        assert kinds_told(approver) == ["task.completion_requested"]
        completion_return(approver, task=task, reason="Thiếu biên bản nghiệm thu")
        assert told(reporter)[-1] == (
            "task.completion_returned",
            f"Completion of {task.code} returned: Thiếu biên bản nghiệm thu",
        )
        extension_request(
            reporter, task=task, requested_deadline=date(2026, 3, 31), reason="Chờ ngân sách"
        )
        assert kinds_told(approver)[-1] == "task.extension_requested"
        assert "31/03/2026" in told(approver)[-1][1]
        extension_refuse(approver, request=task.extension_requests.get(), reason="Không đủ căn cứ")
        completion_request(reporter, task=task, links=["https://bkhcn.gov.vn/ket-qua-2"])
        completion_confirm(approver, task=task, evidence_checked=True)
    assert kinds_told(reporter) == [
        "task.assigned",
        "task.completion_returned",
        "task.extension_refused",
        "task.completion_confirmed",
    ]
    assert kinds_told(coordinator) == ["task.assigned"]  # decisions go to the lead
    assert kinds_told(stranger) == []
    assert all(n.link == f"/tasks/{task.pk}/" for n in Notice.objects.all())


def test_a_withdrawal_reaches_the_lead_and_the_coordinators(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user("BKHCN", "reporter")
    coordinator = make_user("BTC", "reporter")
    task = make_task("BKHCN", "BCDTW", coordinating=("BTC",))
    secretariat = make_user("BCDTW", "secretariat")
    task_withdraw(secretariat, task=task, reason="Trùng với nhiệm vụ khác")
    for user in (reporter, coordinator):
        assert told(user)[-1] == (
            "task.withdrawn",
            f"Task {task.code} withdrawn: Trùng với nhiệm vụ khác",
        )


def test_deadline_reminders_follow_each_users_days_once_per_deadline(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    default = make_user("BKHCN", "reporter")
    three = make_user("BKHCN", "reporter")
    preferences_set(three.pk, delivery="digest", deadline_days=[3], silence_days=30)
    today = date(2025, 6, 2)
    in_seven = make_task("BKHCN", deadline=today + timedelta(days=7))
    in_three = make_task("BKHCN", deadline=today + timedelta(days=3))
    in_one = make_task("BKHCN", deadline=today + timedelta(days=1))
    make_task("BTC", deadline=today + timedelta(days=7))  # not theirs
    Notice.objects.all().delete()  # the assignments' notices

    first = remind_tasks(today)
    assert first.due_soon == 3
    assert remind_tasks(today).due_soon == 0  # the same day again: nobody told twice
    soon = Notice.objects.filter(kind="task.due_soon")
    assert sorted(soon.filter(recipient=default).values_list("params__code", flat=True)) == sorted(
        [in_seven.code, in_one.code]
    )
    assert list(soon.filter(recipient=three).values_list("params__code", flat=True)) == [
        in_three.code
    ]
    sentences = [sentence for _, sentence in told(default)]
    assert any(
        s.startswith(f"{in_one.code} is due on 03/06/2025 (days left: 1)") for s in sentences
    )


def test_overdue_and_silence_are_told_once_and_a_new_report_starts_anew(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user("BKHCN", "reporter")
    today = date(2025, 6, 2)
    late = make_task("BKHCN", deadline=today - timedelta(days=1), assigned_on=date(2025, 5, 20))
    Notice.objects.all().delete()
    reminded = remind_tasks(today)
    assert reminded.overdue == 1
    # Assigned 13 days ago and never reported: past the default 7 days.
    assert reminded.silent == 1
    assert remind_tasks(today + timedelta(days=1)) == type(reminded)()
    with time_machine.travel(today):
        progress_report_submit(reporter, task=late, reported_on=today, percent=50, narrative="")
    assert remind_tasks(today + timedelta(days=6)).silent == 0
    assert remind_tasks(today + timedelta(days=7)).silent == 1


def test_a_late_task_is_raised_to_the_leads_approvers_then_to_the_assigning_body_once(
    make_user: Callable[..., User], make_task: Callable[..., Task], settings: Any
) -> None:
    settings.NQ57_ESCALATE_AFTER_WORKING_DAYS = 5
    lead_approver = make_user("BKHCN", "approver")
    assigner = make_user("BCDTW", "approver")
    deadline = date(2025, 6, 2)  # a Monday
    task = make_task("BKHCN", "BCDTW", deadline=deadline, assigned_on=date(2025, 5, 1))
    Notice.objects.all().delete()

    four_days = add_working_days(deadline, 4)
    assert remind_tasks(four_days).escalated == 0
    five_days = add_working_days(deadline, 5)
    assert remind_tasks(five_days).escalated == 1
    assert told(lead_approver)[-1][0] == "task.escalated"
    assert told(lead_approver)[-1][1] == (
        f"Raised to you: {task.code} of {task.lead_org.name} is overdue since 02/06/2025 "
        "(working days late: 5)"
    )
    assert "task.escalated" not in kinds_told(assigner)
    assert remind_tasks(five_days).escalated == 0
    ten_days = add_working_days(deadline, 10)
    assert remind_tasks(ten_days).escalated == 1  # the second level only
    assert kinds_told(assigner).count("task.escalated") == 1
    assert kinds_told(lead_approver).count("task.escalated") == 1
    assert task.code in told(assigner)[-1][1]


def test_an_approver_on_both_sides_is_raised_to_once(
    make_user: Callable[..., User], make_task: Callable[..., Task], settings: Any
) -> None:
    settings.NQ57_ESCALATE_AFTER_WORKING_DAYS = 5
    # An approver of the ministry who also decides for the committee that assigned it.
    approver = make_user("BKHCN", "approver")
    Membership.objects.create(
        user=approver, organization=Organization.objects.get(code="BCDTW"), role="approver"
    )
    deadline = date(2025, 6, 2)
    make_task("BKHCN", "BCDTW", deadline=deadline, assigned_on=date(2025, 5, 1))
    Notice.objects.all().delete()
    remind_tasks(add_working_days(deadline, 10))  # both levels reached on the first run
    assert kinds_told(approver).count("task.escalated") == 1


def test_the_command_says_what_it_sent_and_refuses_a_bad_day(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    make_user("BKHCN", "reporter")
    make_task("BKHCN", deadline=date(2025, 6, 9), assigned_on=date(2025, 5, 20))
    out = StringIO()
    call_command("task_reminders", "--today", "2025-06-02", stdout=out)
    assert out.getvalue().strip() == "due soon 1, overdue 0, no report 1, escalated 0"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("task_reminders", "--today", "2025-02-30")


def test_every_mail_of_a_tasks_life_reads_in_vietnamese_formats(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    """Issue 15: the e-mails people get (each notice kind a task's life sends, and a digest)
    show dates dd/mm/yyyy, numbers grouped the Vietnamese way and no codes."""
    from django.utils import translation

    from nq57.notices.delivery import _message
    from nq57.web.tests.formats import problems

    reporter = make_user("BKHCN", "reporter")
    approver = make_user("BCDTW", "approver")
    with time_machine.travel(date(2025, 1, 15)):
        task = make_task("BKHCN", "BCDTW", actor=approver, deadline=date(2025, 6, 30))
    with time_machine.travel(date(2025, 3, 3)):
        extension_request(
            reporter, task=task, requested_deadline=date(2025, 12, 31), reason="Chờ 1.250 hồ sơ"
        )
        completion_request(reporter, task=task, links=["https://bkhcn.gov.vn/ket-qua"])
        completion_return(approver, task=task, reason="Thiếu biên bản")
    remind_tasks(date(2025, 6, 29))
    remind_tasks(date(2025, 7, 20))
    notices = list(Notice.objects.order_by("pk"))
    assert len({n.kind for n in notices}) >= 5
    with translation.override("vi"):
        mails = [_message([n]) for n in notices] + [_message(notices)]
    for subject, body in mails:
        assert "/" in body
        assert problems(f"{subject}\n{body}", "vi") == [], (subject, body)
