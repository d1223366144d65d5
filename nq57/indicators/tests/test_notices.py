"""Forms: a form sent is told to the monitor's approvers, its decision to the organisation
that sent it; each morning the organisations that owe a form are reminded before it is due
and told once when it is late, and the late ones are raised to the monitor in one notice; what
an official's organisations owe is in their queue until it is sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from nq57.accounts.models import User
from nq57.core.periods import parse_period
from nq57.indicators.models import DataSet
from nq57.indicators.notices import remind_forms
from nq57.indicators.selectors.forms import forms_owed, organisations_owing
from nq57.indicators.services import (
    submission_return,
    submission_submit,
)
from nq57.notices.models import Notice
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db
JAN = parse_period("202501")


def kinds(user: User, dataset: str = "public_services") -> list[str]:
    """What the user was told about one data set's forms."""
    told = Notice.objects.filter(recipient=user, link__contains=f"dataset={dataset}&")
    return list(told.order_by("pk").values_list("kind", flat=True))


def test_a_form_sent_reaches_the_monitor_and_its_return_the_sender_with_the_reason(
    catalogue: DataSet, make_user: Callable[..., User]
) -> None:
    reporter = make_user("01", "reporter")
    approver = make_user("VPCP", "approver")
    hanoi = Organization.objects.get(code="01")
    form = submission_submit(
        reporter, dataset=catalogue, org=hanoi, period=JAN, today=date(2025, 2, 5)
    )
    assert kinds(approver) == ["form.submitted"]
    submission_return(approver, submission=form, reason="Thiếu số liệu xã", today=date(2025, 2, 6))
    returned = Notice.objects.get(recipient=reporter, kind="form.returned")
    assert returned.params["reason"] == "Thiếu số liệu xã"
    assert returned.params["period"] == JAN.label
    assert "dataset=public_services" in returned.link
    assert "org=01" in returned.link


def test_reminders_before_the_due_date_then_late_once_and_raised_to_the_monitor_once(
    catalogue: DataSet, make_user: Callable[..., User]
) -> None:
    hanoi_reporter = make_user("01", "reporter")
    hcm_reporter = make_user("79", "reporter")
    monitor = make_user("VPCP", "approver")
    due = date(2025, 2, 10)  # January's form: ten days after the month
    owing_before = organisations_owing(catalogue, JAN).count()
    submission_submit(
        hanoi_reporter,
        dataset=catalogue,
        org=Organization.objects.get(code="01"),
        period=JAN,
        today=date(2025, 2, 2),
    )
    Notice.objects.all().delete()
    assert organisations_owing(catalogue, JAN).count() == owing_before - 1

    week_before = remind_forms(due - timedelta(days=7))
    assert week_before.due > 0
    assert kinds(hcm_reporter) == ["form.due"]
    assert kinds(hanoi_reporter) == []  # sent already
    assert remind_forms(due - timedelta(days=7)).due == 0  # once

    late = remind_forms(due + timedelta(days=1))
    assert late.escalated >= 1
    assert kinds(hcm_reporter) == ["form.due", "form.late"]
    assert kinds(monitor).count("form.escalated") == 1
    raised = Notice.objects.get(
        recipient=monitor, kind="form.escalated", params__form=catalogue.name
    )
    assert raised.params["count"] == owing_before - 1
    assert remind_forms(due + timedelta(days=2)) == type(late)()  # nothing told twice


def test_a_form_owed_waits_in_the_queue_until_it_is_sent(
    catalogue: DataSet, make_user: Callable[..., User]
) -> None:
    reporter = make_user("01", "reporter")
    viewer = make_user("01", "viewer")
    today = date(2025, 2, 3)
    owed = list(forms_owed(reporter, today).values_list("code", flat=True))
    assert "public_services" in owed
    assert list(forms_owed(viewer, today)) == []  # a viewer enters nothing
    submission_submit(
        reporter,
        dataset=catalogue,
        org=Organization.objects.get(code="01"),
        period=JAN,
        today=today,
    )
    assert "public_services" not in forms_owed(reporter, today).values_list("code", flat=True)
    # The next month's form is owed from its first day after the month.
    assert "public_services" in forms_owed(reporter, date(2025, 3, 1)).values_list(
        "code", flat=True
    )
