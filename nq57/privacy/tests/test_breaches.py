"""The breach register (issue 12 item 3): recorded by the secretariat, notified with the
reason when past 72 hours, closed after notification; read by inspectors; audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404

from nq57.accounts.models import User
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.models import AuditEvent
from nq57.privacy import selectors, services
from nq57.privacy.choices import ClockState
from nq57.privacy.models import Breach

from .conftest import at

pytestmark = pytest.mark.django_db


def record(actor: Any, **extra: Any) -> Breach:
    arguments: dict[str, Any] = {
        "discovered_at": at(10, 14),
        "description": "Tệp xuất danh sách người gửi bị gửi nhầm địa chỉ.",
        "categories": ["portal_items"],
        "people_affected": 120,
        "measures": "Thu hồi thư, đổi mật khẩu.",
        "now": at(10, 15),
    }
    return services.breach_record(actor, **(arguments | extra))


def test_a_breach_is_recorded_notified_and_closed_with_its_trail(secretariat: User) -> None:
    breach = record(secretariat)
    services.breach_notify(secretariat, breach=breach, notified_at=at(11, 9), now=at(11, 10))
    services.breach_close(secretariat, breach=breach, closed_at=at(12), now=at(12, 10))
    breach.refresh_from_db()
    assert (breach.notified_at, breach.closed_at, breach.late_reason) == (at(11, 9), at(12), "")
    events = AuditEvent.objects.filter(subject_type="breach", subject_id=breach.pk).order_by("id")
    assert [(e.event, e.actor_id) for e in events] == [
        ("privacy.breach_recorded", secretariat.pk),
        ("privacy.breach_notified", secretariat.pk),
        ("privacy.breach_closed", secretariat.pk),
    ]
    assert events[1].data["late"] is False


def test_a_late_notification_is_refused_without_its_reason(secretariat: User) -> None:
    breach = record(secretariat)
    late = at(10, 14) + timedelta(hours=73)
    with pytest.raises(ValidationFailed) as refused:
        services.breach_notify(secretariat, breach=breach, notified_at=late, now=late)
    assert set(refused.value.fields) == {"late_reason"}
    services.breach_notify(
        secretariat, breach=breach, notified_at=late, late_reason="Nghỉ lễ.", now=late
    )
    breach.refresh_from_db()
    assert breach.late_reason == "Nghỉ lễ."
    row = selectors.get_breach_for_user(secretariat, breach.pk, at=late + timedelta(days=3))
    assert (row.clock.state, row.clock.hours_overdue) == (ClockState.NOTIFIED_LATE, 1)


def test_what_is_recorded_is_checked(secretariat: User) -> None:
    with pytest.raises(ValidationFailed) as refused:
        record(secretariat, categories=["not_a_code"], description=" ", now=at(9))
    assert set(refused.value.fields) == {"categories", "description", "discovered_at"}
    breach = record(secretariat)
    with pytest.raises(ValidationFailed):  # before the discovery
        services.breach_notify(secretariat, breach=breach, notified_at=at(9), now=at(11))
    with pytest.raises(InvalidTransition):  # closing comes after notifying
        services.breach_close(secretariat, breach=breach, now=at(11))


def test_only_the_secretariat_keeps_the_register_and_inspectors_read_it(
    secretariat: User, inspector: User, official: User, citizen: User
) -> None:
    breach = record(secretariat)
    for someone in (inspector, official, citizen):
        with pytest.raises(NotPermitted):
            record(someone)
        with pytest.raises(NotPermitted):
            services.breach_notify(someone, breach=breach, notified_at=at(10, 16))
    assert [row.breach for row in selectors.breach_register(inspector, at=at(11))] == [breach]
    for someone in (official, citizen):
        with pytest.raises(Http404):
            selectors.breach_register(someone, at=at(11))
        with pytest.raises(Http404):
            selectors.get_breach_for_user(someone, breach.pk, at=at(11))
