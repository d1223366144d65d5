"""Commitments judged at their date by the daily judge, travelling in time: nothing before
the date, the judgement recorded once on and after it, audited and told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from nq57.budget.models import Programme
from nq57.commitments.choices import Outcome
from nq57.commitments.models import Commitment, Judgement
from nq57.commitments.selectors import CommitmentTally, commitment_tally
from nq57.core.actors import SYSTEM
from nq57.core.models import AuditEvent
from nq57.notices.models import Notice
from nq57.registry.models import Database
from nq57.registry.services import status_record
from nq57.tasks.models import Task
from nq57.tasks.services import completion_confirm, completion_request

from .conftest import DUE, code_of

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def morning(day: date) -> datetime:
    return datetime.combine(day, time(6, 5), tzinfo=HANOI)


def judge() -> str:
    out = StringIO()
    call_command("commitments_judge", stdout=out)
    return out.getvalue()


def test_judged_once_at_its_date_partly_kept_with_the_share(
    make_commitment: Callable[..., Commitment],
    make_task: Callable[..., Task],
    make_user: Callable[..., object],
    database: Database,
    programme: Programme,
) -> None:
    reporter = make_user("BKHCN", "reporter")
    secretariat = make_user("BCDTW", "secretariat")
    done, late = make_task(deadline=date(2025, 11, 30)), make_task(deadline=date(2025, 11, 30))
    commitment = make_commitment(
        tasks=f"{code_of(done)}\n{code_of(late)}",
        databases="CSDL-KHCN; formed",
        budget="2025; NQ57; 40",
    )
    with time_machine.travel(morning(date(2025, 11, 20)), tick=False):
        completion_request(SYSTEM, task=done, links=["https://most.gov.vn/bao-cao"])
        completion_confirm(SYSTEM, task=done, evidence_checked=True)
        status_record(SYSTEM, database=database, since=date(2025, 11, 20), status="formed")
    # The late task completes after the date: the judgement, as of the date, does not see it.
    with time_machine.travel(morning(date(2026, 1, 5)), tick=False):
        completion_request(SYSTEM, task=late, links=["https://most.gov.vn/bao-cao"])
        completion_confirm(SYSTEM, task=late, evidence_checked=True)

    with time_machine.travel(morning(date(2025, 12, 30)), tick=False):
        assert "judged: 0" in judge()
    assert not Judgement.objects.exists()

    with time_machine.travel(morning(DUE), tick=False):
        assert "judged: 1" in judge()
        assert "judged: 0" in judge()
    with time_machine.travel(morning(date(2026, 1, 10)), tick=False):
        assert "judged: 0" in judge()

    judgement = Judgement.objects.get()
    assert judgement.commitment == commitment
    assert (judgement.outcome, judgement.share, judgement.judged_on) == (
        Outcome.PARTLY,
        Decimal("75.0"),
        DUE,
    )
    met = {(row["kind"], row["is_met"]) for row in judgement.details}
    assert met == {("task", True), ("task", False), ("database", True), ("budget", True)}
    assert (
        AuditEvent.objects.filter(event="commitment.judged", subject_id=commitment.pk).count() == 1
    )
    told = set(Notice.objects.filter(kind="commitment.partly").values_list("recipient", flat=True))
    assert told == {reporter.pk, secretariat.pk}  # type: ignore[attr-defined]
    assert commitment_tally(2025) == {commitment.organization_id: CommitmentTally(1, 0, 1, 0)}
    assert commitment_tally(2026) == {}


def test_kept_and_broken(
    make_commitment: Callable[..., Commitment], database: Database, programme: Programme
) -> None:
    kept = make_commitment(databases="CSDL-KHCN; deploying", budget="2025; NQ57; 50")
    broken = make_commitment(databases="CSDL-KHCN; formed", budget="2025; NQ57; 50.1")
    open_one = make_commitment(databases="CSDL-KHCN", due_on=date(2026, 6, 30))
    call_command("commitments_judge", "--on", "2026-01-01", stdout=StringIO())
    outcomes = dict(Judgement.objects.values_list("commitment_id", "outcome"))
    assert outcomes == {kept.pk: Outcome.KEPT, broken.pk: Outcome.BROKEN}
    assert open_one.pk not in outcomes
    assert commitment_tally(2025)[kept.organization_id] == CommitmentTally(2, 1, 0, 1)


def test_a_bad_day_is_refused() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("commitments_judge", "--on", "31/12/2025")


def test_an_indicator_met_in_its_direction_for_the_organisation(
    make_commitment: Callable[..., Commitment],
) -> None:
    from nq57.indicators.services import catalogue_load
    from nq57.indicators.services.values import value_set

    catalogue_load(SYSTEM)
    for element, value in [("records_total", 200), ("records_online", 50)]:
        value_set(SYSTEM, element=element, org="01", period="202603", value=value)
    commitment = make_commitment(
        org="01",
        indicators="online_records_rate; 202603; 20\nonline_records_rate; 202602; 10",
        due_on=date(2026, 4, 1),
    )
    call_command("commitments_judge", "--on", "2026-04-01", stdout=StringIO())
    judgement = Judgement.objects.get(commitment=commitment)
    assert (judgement.outcome, judgement.share) == (Outcome.PARTLY, Decimal("50.0"))
    found = {row["label"].split()[1]: (row["found"], row["is_met"]) for row in judgement.details}
    assert found == {"202603": ("25", True), "202602": ("", False)}
