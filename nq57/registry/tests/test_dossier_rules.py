"""The as-of rule of an investment dossier's state: the pure function, whatever the order its
steps come in, and the SQL the lists and figures use, which must agree with it on any
history whatever the order its rows were inserted in; and the table of moves."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.registry import services as registry
from nq57.registry.choices import DossierState
from nq57.registry.dossiers.rules import (
    AWAITING_APPRAISAL,
    TRANSITIONS,
    Move,
    Step,
    moves_from,
    next_state,
    state_on,
    step_on,
)
from nq57.registry.dossiers.selectors import DossierFilters, dossier_figures, dossiers_filtered
from nq57.registry.models import DossierDecision, InvestmentDossier

START = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=40).map(lambda n: START + timedelta(days=n))


@st.composite
def histories(draw: Any) -> list[Step]:
    """A dossier's steps as the services write them: numbered 1, 2, … in the order taken,
    each dated on or after the one before (several may share a day), each a move the table
    allows from the state before."""
    day = draw(days)
    steps = [Step(day, 1, DossierState.REGISTERED)]
    for number in range(2, draw(st.integers(min_value=1, max_value=7)) + 1):
        allowed = sorted(moves_from(steps[-1].state))
        if not allowed:
            break
        move = draw(st.sampled_from(allowed))
        day = day + timedelta(days=draw(st.integers(min_value=0, max_value=6)))
        reached = next_state(steps[-1].state, move)
        assert reached is not None
        steps.append(Step(day, number, reached))
    return steps


@given(history=histories(), day=days, seed=st.randoms())
def test_any_order_of_the_steps_gives_the_same_state(
    history: list[Step], day: date, seed: random.Random
) -> None:
    shuffled = list(history)
    seed.shuffle(shuffled)
    assert step_on(shuffled, day) == step_on(history, day)
    assert state_on(reversed(history), day) == state_on(history, day)


@given(history=histories(), day=days)
def test_the_state_is_the_latest_step_on_or_before_the_day(history: list[Step], day: date) -> None:
    found = step_on(history, day)
    earlier = [step for step in history if step.dated <= day]
    if not earlier:
        assert found is None
        assert state_on(history, day) is None
        return
    assert found == max(earlier, key=lambda step: step.step)
    # Before its registration a dossier does not exist; from it on it always has a state.
    assert day >= history[0].dated


@given(history=histories())
def test_a_step_holds_from_its_day_until_the_next_days_first(history: list[Step]) -> None:
    for step in history:
        last_of_its_day = max(s.step for s in history if s.dated == step.dated)
        held = step_on(history, step.dated)
        assert held is not None
        assert (held.step == step.step) == (step.step == last_of_its_day)
        same_day = [s for s in history if s.dated == step.dated]
        assert step_on(history, step.dated - timedelta(days=1)) not in same_day


def test_the_table_of_moves() -> None:
    assert next_state("registered", "approve") == "approved"
    assert next_state("registered", "return") == "returned"
    assert next_state("returned", "resubmit") == "resubmitted"
    assert next_state("resubmitted", "return") == "returned"
    assert next_state("approved", "return") is None  # approved is final
    assert next_state("returned", "approve") is None  # returned waits for the owner
    assert next_state("registered", "resubmit") is None
    assert next_state("nonsense", "approve") is None
    assert next_state("registered", "nonsense") is None
    assert moves_from(DossierState.APPROVED) == frozenset()
    # The appraiser decides exactly on what awaits it.
    deciding = {state for (state, move) in TRANSITIONS if move in (Move.APPROVE, Move.RETURN)}
    assert deciding == AWAITING_APPRAISAL


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    dossiers=st.lists(histories(), min_size=1, max_size=6),
    day=days,
    seed=st.randoms(),
)
def test_the_sql_agrees_with_the_rule_whatever_the_insertion_order(
    dossiers: list[list[Step]], day: date, seed: random.Random
) -> None:
    DossierDecision.objects.all().delete()
    InvestmentDossier.objects.all().delete()
    owners = [Organization.objects.get(code=code) for code in ("BTC", "BXD", "BYT")]
    appraiser = Organization.objects.get(code="BKHCN")
    made: list[tuple[InvestmentDossier, list[Step]]] = []
    for number, history in enumerate(dossiers):
        database, _ = registry.database_save(
            SYSTEM,
            code=f"DB-{number}",
            name="Cơ sở dữ liệu",
            kind="specialised",
            owner=owners[number % len(owners)],
        )
        dossier = InvestmentDossier.objects.create(
            database=database,
            amount_million_vnd=1000 * (number + 1),
            registered_on=history[0].dated,
            appraiser=appraiser,
        )
        made.append((dossier, history))
    # Every step of every dossier, inserted in a random order (the rule reads dates and step
    # numbers, never the order rows were written).
    rows = [
        DossierDecision(
            dossier=dossier,
            step=step.step,
            state=step.state,
            dated=step.dated,
            missing_documents="Báo cáo khả thi" if step.state == DossierState.RETURNED else "",
        )
        for dossier, history in made
        for step in history
    ]
    seed.shuffle(rows)
    for row in rows:
        row.save()
    expected = {dossier.pk: state_on(history, day) for dossier, history in made}
    listed = {d.pk: d.state_then for d in dossiers_filtered(DossierFilters(as_of=day))}  # type: ignore[attr-defined]
    assert listed == {pk: state for pk, state in expected.items() if state is not None}
    figures = dossier_figures(DossierFilters(as_of=day))
    by_pk = {dossier.pk: dossier for dossier, _ in made}
    for group, states in (
        ("returned", {DossierState.RETURNED}),
        ("approved", {DossierState.APPROVED}),
        ("awaiting", AWAITING_APPRAISAL),
        ("all", set(DossierState.values)),
    ):
        chosen = [by_pk[pk] for pk, state in expected.items() if state in states]
        shown = {measure: figure.value for measure, figure in figures[group].items()}
        assert shown == {
            "dossiers": len(chosen),
            "databases": len({d.database_id for d in chosen}),
            "owners": len({d.database.owner_id for d in chosen}),
            "amount": sum(d.amount_million_vnd for d in chosen),
        }, group
