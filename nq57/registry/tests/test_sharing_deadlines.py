"""sharing_deadlines on frozen days: an answer past due is reminded to the provider once,
raised to the competent authority after the configured working days once, and a fresh
deadline after an overrule is watched anew; run twice, nothing more happens."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from nq57.core.audit import history_of
from nq57.notices.models import Notice
from nq57.registry.sharing import services
from nq57.registry.sharing.deadlines import sharing_deadlines

from .sharing_world import World, build, refuse, submit

pytestmark = pytest.mark.django_db
DUE = date(2026, 3, 16)  # of a request submitted on Monday 2 March 2026


@pytest.fixture
def world(settings: object) -> World:
    settings.NQ57_SHARING_ESCALATE_AFTER_WORKING_DAYS = 3  # type: ignore[attr-defined]
    return build()


def run(day: date) -> str:
    out = io.StringIO()
    call_command("sharing_deadlines", "--today", day.isoformat(), stdout=out)
    return out.getvalue().strip()


def kinds(user_id: int | None) -> list[str]:
    return sorted(Notice.objects.filter(recipient_id=user_id).values_list("kind", flat=True))


def test_nothing_happens_on_the_due_day(world: World) -> None:
    submit(world)
    assert run(DUE) == "0 reminded, 0 escalated"


def test_overdue_is_reminded_once_then_raised_once(world: World) -> None:
    request = submit(world)
    assert run(date(2026, 3, 17)) == "1 reminded, 0 escalated"
    assert run(date(2026, 3, 17)) == "0 reminded, 0 escalated"
    assert kinds(world.provider.pk) == ["sharing.overdue", "sharing.received"]
    # Two working days late: not yet raised (the setting says three).
    assert run(date(2026, 3, 18)) == "0 reminded, 0 escalated"
    assert run(date(2026, 3, 19)) == "0 reminded, 1 escalated"
    assert run(date(2026, 3, 20)) == "0 reminded, 0 escalated"
    request.refresh_from_db()
    assert (request.reminded_on, request.escalated_on) == (date(2026, 3, 17), date(2026, 3, 19))
    assert kinds(world.authority.pk) == ["sharing.escalated"]
    assert [e.event for e in history_of(request)] == [
        "sharing.submitted",
        "sharing.reminded",
        "sharing.escalated",
    ]


def test_a_long_missed_run_reminds_and_raises_at_once(world: World) -> None:
    submit(world)
    assert sharing_deadlines(date(2026, 4, 6)).escalated == 1


def test_answered_requests_are_not_watched(world: World) -> None:
    refuse(world, submit(world))
    granted = submit(world)
    services.sharing_request_grant(world.provider, request=granted, connection_details="API")
    assert run(date(2026, 4, 6)) == "0 reminded, 0 escalated"


def test_an_overrules_fresh_deadline_is_watched_anew(world: World) -> None:
    request = submit(world)
    run(date(2026, 3, 25))  # reminded and raised for the first deadline
    request = refuse(world, request, on=date(2026, 3, 26))
    overruled = services.sharing_refusal_decide(
        world.authority,
        request=request,
        decision="overruled",
        reason="Không có căn cứ từ chối",
        on=date(2026, 3, 27),
    )
    assert overruled.grant_due_on == date(2026, 4, 10)
    assert overruled.escalated_on is None
    assert run(date(2026, 4, 10)) == "0 reminded, 0 escalated"
    assert run(date(2026, 4, 13)) == "1 reminded, 0 escalated"
    assert run(date(2026, 4, 15)) == "0 reminded, 1 escalated"


def test_the_scheduler_runs_it_every_morning() -> None:
    from nq57.core.schedule import job_named

    assert job_named("sharing_deadlines").command == "sharing_deadlines"
