"""The contract of issue 17, item 3: `import_budget` then `budget_summary` (and the API)
reproduce the December 2025 picture, as of any day, before and after revisions."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from nq57.budget.demo import DEMO_FILE, budget_demo_is_loaded, load_budget_demo
from nq57.budget.models import Entry

pytestmark = pytest.mark.django_db


def summary(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("budget_summary", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def demo() -> None:
    call_command("import_budget", str(DEMO_FILE), stdout=io.StringIO())


def test_the_reported_picture_as_of_the_end_of_2025(demo: None) -> None:
    found = summary("--year", "2025", "--as-of", "2025-12-31")
    assert found["proposed"] == 16_716_074
    assert found["approved"] == 13_659_992
    assert found["unallocated"] == 3_056_082
    assert found["disbursed"] == 0
    assert found["central"]["bodies"] == 26
    assert found["central"]["proposed"] == 14_797_456
    assert found["local"]["bodies"] == 20
    assert found["local"]["proposed"] == 1_918_618
    assert found["central"]["approved"] + found["local"]["approved"] == 13_659_992
    assert all(isinstance(found[key], int) for key in ("proposed", "approved", "disbursed"))


def test_before_the_revisions_the_first_proposals_are_in_force(demo: None) -> None:
    before = summary("--year", "2025", "--as-of", "30/11/2025")
    assert before["approved"] == 0
    # Only the first proposals, dated 20/11/2025, existed then.
    first = Entry.objects.filter(stage="proposed", dated="2025-11-20")
    assert before["proposed"] == sum(first.values_list("amount", flat=True))
    assert before["central"]["bodies"] + before["local"]["bodies"] == first.count()


def test_disbursements_add_up_as_of_the_day(demo: None) -> None:
    paid = Entry.objects.filter(stage="disbursed")
    for day in ("2026-03-01", "2026-06-15", "2026-12-01"):
        expected = sum(paid.filter(dated__lte=day).values_list("amount", flat=True))
        found = summary("--year", "2025", "--as-of", day)
        assert found["disbursed"] == expected
        assert found["central"]["disbursed"] + found["local"]["disbursed"] == expected
    assert expected > 0


def test_importing_again_changes_nothing(demo: None) -> None:
    count = Entry.objects.count()
    out = io.StringIO()
    call_command("import_budget", str(DEMO_FILE), stdout=out)
    assert Entry.objects.count() == count
    assert "0 created" in out.getvalue()


def test_a_year_without_entries_is_all_zero() -> None:
    found = summary("--year", "2030", "--as-of", "2030-12-31")
    assert found["proposed"] == found["approved"] == found["disbursed"] == 0
    assert found["central"]["bodies"] == found["local"]["bodies"] == 0
    assert found["disbursement_rate"] is None


def test_a_bad_day_is_refused() -> None:
    with pytest.raises(CommandError):
        summary("--year", "2025", "--as-of", "31/02/2025")


def test_the_api_gives_the_same_figures(demo: None, make_user: Callable[..., Any]) -> None:
    client = APIClient()
    client.force_authenticate(make_user("BKHCN", "viewer"))
    answer = client.get("/api/v1/budget/summary", {"year": "2025", "as_of": "2026-06-30"})
    assert answer.status_code == 200
    assert answer.json() == summary("--year", "2025", "--as-of", "2026-06-30")


@pytest.mark.parametrize(
    "query", [{}, {"year": "abc"}, {"year": "1999"}, {"year": "2025", "as_of": "2025-13-01"}]
)
def test_the_api_refuses_bad_input(query: dict[str, str], make_user: Callable[..., Any]) -> None:
    client = APIClient()
    client.force_authenticate(make_user("BKHCN", "viewer"))
    answer = client.get("/api/v1/budget/summary", query)
    assert answer.status_code == 400


def test_the_api_is_for_officials() -> None:
    assert APIClient().get("/api/v1/budget/summary", {"year": 2025}).status_code in (401, 403)


def test_the_demo_loads_once() -> None:
    assert not budget_demo_is_loaded()
    load_budget_demo()
    assert budget_demo_is_loaded()
