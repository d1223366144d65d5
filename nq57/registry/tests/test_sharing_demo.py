"""The demo's data-sharing requests: every stage present, the logins able to act, and the
same requests for the same day."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from nq57.accounts.access import has_role_at
from nq57.accounts.models import User
from nq57.registry.demo import load_registry_demo, load_sharing_demo, sharing_demo_is_loaded
from nq57.registry.models import SharingRequest
from nq57.registry.sharing import permissions

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 5)


def picture() -> list[tuple[object, ...]]:
    return list(
        SharingRequest.objects.order_by("pk").values_list(
            "database__code", "state", "submitted_on", "due_on", "answered_on", "decision",
            "reminded_on", "escalated_on", "granted_on",
        )
    )  # fmt: skip


def test_the_demo_has_requests_at_every_stage() -> None:
    load_registry_demo()
    assert not sharing_demo_is_loaded()
    load_sharing_demo(TODAY)
    states = Counter(SharingRequest.objects.values_list("state", flat=True))
    assert states == {"pending": 4, "granted": 3, "refused": 1, "upheld": 1, "overruled": 1}
    pending = SharingRequest.objects.filter(state="pending")
    assert pending.filter(due_on__lt=TODAY, escalated_on__isnull=True).count() == 1
    assert pending.filter(escalated_on=TODAY).count() == 1
    assert pending.filter(due_on__gte=TODAY).count() == 2
    assert SharingRequest.objects.filter(state="granted", decision="overruled").count() == 1
    # The logins act as the page says.
    refused = SharingRequest.objects.get(state="refused")
    assert permissions.can_decide(User.objects.get(username="duyet.bca"), refused)
    assert permissions.can_answer(User.objects.get(username="baocao.bkhcn"), refused)
    assert has_role_at(User.objects.get(username="baocao.hanoi"), refused.requester, {"reporter"})


def test_the_same_day_gives_the_same_requests() -> None:
    load_registry_demo()
    load_sharing_demo(TODAY)
    first = picture()
    SharingRequest.objects.all().delete()
    load_sharing_demo(TODAY)
    assert picture() == first
