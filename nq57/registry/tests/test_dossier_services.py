"""The services of investment dossiers: each step's happy path and its audit event, every
refusal (who may, what the state allows, what a return must carry, which day a step may
have), and nothing written when refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.core.audit import history_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.orgs.models import Organization
from nq57.registry import services as registry
from nq57.registry.dossiers import services
from nq57.registry.dossiers.rules import Step, state_on
from nq57.registry.models import Database, DossierDecision, InvestmentDossier

pytestmark = pytest.mark.django_db
MISSING = "Báo cáo nghiên cứu khả thi; thiết kế cơ sở"


@dataclass
class World:
    database: Database
    owner: User
    owner_viewer: User
    appraiser: User
    appraiser_reporter: User
    stranger: User
    secretariat: User
    inspector: User


@pytest.fixture
def world(make_user: Callable[..., User]) -> World:
    database, _ = registry.database_save(
        SYSTEM,
        code="CSDLQG-TAICHINH",
        name="Cơ sở dữ liệu quốc gia về tài chính",
        kind="national",
        owner=Organization.objects.get(code="BTC"),
    )
    return World(
        database=database,
        owner=make_user("BTC", "reporter"),
        owner_viewer=make_user("BTC", "viewer"),
        appraiser=make_user("BKHCN", "approver"),
        appraiser_reporter=make_user("BKHCN", "reporter"),
        stranger=make_user("BXD", "approver"),
        secretariat=make_user("BCDTW", "secretariat"),
        inspector=make_user("UBKTTW", "inspector"),
    )


def register(world: World, **changes: Any) -> InvestmentDossier:
    values: dict[str, Any] = {
        "database": world.database,
        "amount_million_vnd": 45_000,
        "registered_on": date.today() - timedelta(days=60),
        "reference": "96/TTr-BTC",
    }
    values.update(changes)
    actor = values.pop("actor", world.owner)
    return services.dossier_register(actor, **values)


def states(dossier: InvestmentDossier) -> list[tuple[int, str]]:
    return list(DossierDecision.objects.filter(dossier=dossier).values_list("step", "state"))


def events(dossier: InvestmentDossier) -> list[str]:
    return list(history_of(dossier).values_list("event", flat=True))


def test_registered_returned_resubmitted_approved_each_audited(world: World) -> None:
    dossier = register(world, note="Tờ trình kèm báo cáo khả thi")
    assert dossier.appraiser.code == "BKHCN"
    assert states(dossier) == [(1, "registered")]
    day = date.today() - timedelta(days=30)
    services.dossier_return(world.appraiser, dossier=dossier, missing_documents=MISSING, on=day)
    # The owner resubmits the same day it is returned; the step number keeps them apart.
    services.dossier_resubmit(world.owner, dossier=dossier, on=day, note="Đã bổ sung")
    services.dossier_approve(world.appraiser, dossier=dossier)
    assert states(dossier) == [
        (1, "registered"), (2, "returned"), (3, "resubmitted"), (4, "approved")
    ]  # fmt: skip
    steps = list(DossierDecision.objects.filter(dossier=dossier).select_related("recorded_by"))
    assert [s.recorded_by for s in steps] == [
        world.owner, world.appraiser, world.owner, world.appraiser
    ]  # fmt: skip
    assert steps[1].missing_documents == MISSING
    assert steps[3].dated == timezone.localdate()
    assert events(dossier) == [
        "dossier.registered",
        "dossier.returned",
        "dossier.resubmitted",
        "dossier.approved",
    ]
    returned = history_of(dossier)[1]
    assert returned.actor == world.appraiser
    assert returned.data["missing_documents"] == MISSING
    assert returned.data["on"] == day.isoformat()
    # As of the day of the return and resubmission, the later of the two holds.
    facts = [Step(s.dated, s.step, s.state) for s in steps]
    assert state_on(facts, day) == "resubmitted"
    assert state_on(facts, day - timedelta(days=1)) == "registered"


def test_a_return_names_the_missing_documents_and_a_resubmission_what_was_added(
    world: World,
) -> None:
    dossier = register(world)
    for blank in ("", "   ", "\r\n"):
        with pytest.raises(ValidationFailed) as refused:
            services.dossier_return(world.appraiser, dossier=dossier, missing_documents=blank)
        assert "missing_documents" in refused.value.fields
    assert states(dossier) == [(1, "registered")]
    assert events(dossier) == ["dossier.registered"]
    services.dossier_return(world.appraiser, dossier=dossier, missing_documents=MISSING)
    with pytest.raises(ValidationFailed) as refused:
        services.dossier_resubmit(world.owner, dossier=dossier, note=" ")
    assert "note" in refused.value.fields
    assert states(dossier) == [(1, "registered"), (2, "returned")]


@pytest.mark.parametrize(
    "who", ["owner", "owner_viewer", "appraiser_reporter", "stranger", "secretariat", "inspector"]
)
def test_only_the_appraisers_deciders_approve_or_return(world: World, who: str) -> None:
    dossier = register(world)
    actor = getattr(world, who)
    with pytest.raises(NotPermitted):
        services.dossier_approve(actor, dossier=dossier)
    with pytest.raises(NotPermitted):
        services.dossier_return(actor, dossier=dossier, missing_documents=MISSING)
    assert states(dossier) == [(1, "registered")]


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("owner", True),
        ("secretariat", True),
        ("owner_viewer", False),
        ("appraiser", False),
        ("stranger", False),
        ("inspector", False),
    ],
)
def test_the_owners_officials_or_the_secretariat_register_and_resubmit(
    world: World, who: str, may: bool
) -> None:
    actor = getattr(world, who)
    if not may:
        with pytest.raises(NotPermitted):
            register(world, actor=actor)
        assert not InvestmentDossier.objects.exists()
        dossier = register(world)
        services.dossier_return(world.appraiser, dossier=dossier, missing_documents=MISSING)
        with pytest.raises(NotPermitted):
            services.dossier_resubmit(actor, dossier=dossier, note="Đã bổ sung")
        assert states(dossier)[-1] == (2, "returned")
        return
    dossier = register(world, actor=actor)
    services.dossier_return(world.appraiser, dossier=dossier, missing_documents=MISSING)
    services.dossier_resubmit(actor, dossier=dossier, note="Đã bổ sung")
    assert states(dossier)[-1] == (3, "resubmitted")


def test_moves_the_state_does_not_allow_are_refused(world: World) -> None:
    dossier = register(world)
    with pytest.raises(InvalidTransition, match="Registered"):
        services.dossier_resubmit(world.owner, dossier=dossier, note="Đã bổ sung")
    services.dossier_approve(world.appraiser, dossier=dossier)
    with pytest.raises(InvalidTransition, match="approved"):
        services.dossier_approve(world.appraiser, dossier=dossier)
    with pytest.raises(InvalidTransition):
        services.dossier_return(world.appraiser, dossier=dossier, missing_documents=MISSING)
    with pytest.raises(InvalidTransition):
        services.dossier_resubmit(world.owner, dossier=dossier, note="Đã bổ sung")
    assert states(dossier) == [(1, "registered"), (2, "approved")]


def test_a_step_is_never_dated_after_today_nor_before_the_last(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        register(world, registered_on=today + timedelta(days=1))
    assert "registered_on" in refused.value.fields
    dossier = register(world, registered_on=today - timedelta(days=10))
    with pytest.raises(ValidationFailed) as refused:
        services.dossier_approve(world.appraiser, dossier=dossier, on=today - timedelta(days=11))
    assert "dated" in refused.value.fields
    # The message names the day of the last step.
    assert (today - timedelta(days=10)).strftime("%d/%m/%Y") in refused.value.message
    with pytest.raises(ValidationFailed):
        services.dossier_approve(world.appraiser, dossier=dossier, on=today + timedelta(days=1))
    assert states(dossier) == [(1, "registered")]
    services.dossier_approve(world.appraiser, dossier=dossier, on=today - timedelta(days=10))


@pytest.mark.parametrize("amount", [0, -5, 1_000_000_001])
def test_an_amount_out_of_bounds_is_refused(world: World, amount: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        register(world, amount_million_vnd=amount)
    assert "amount_million_vnd" in refused.value.fields
    assert not InvestmentDossier.objects.exists()


def test_the_appraiser_is_the_body_of_the_day_of_registration(world: World, settings: Any) -> None:
    dossier = register(world)
    settings.NQ57_DOSSIER_APPRAISER = "BTC"
    # The new setting names who appraises new dossiers; this one stays with its body.
    services.dossier_return(world.appraiser, dossier=dossier, missing_documents=MISSING)
    assert register(world).appraiser.code == "BTC"
    settings.NQ57_DOSSIER_APPRAISER = "NOWHERE"
    with pytest.raises(ValidationFailed, match="NQ57_DOSSIER_APPRAISER"):
        register(world)


def test_the_system_appraises_as_a_command_would(world: World) -> None:
    dossier = register(world, actor=SYSTEM)
    services.dossier_return(SYSTEM, dossier=dossier, missing_documents=MISSING)
    assert DossierDecision.objects.get(dossier=dossier, step=2).recorded_by is None
    assert history_of(dossier).last().actor is None  # type: ignore[union-attr]
