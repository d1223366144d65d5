"""registry_summary and /api/v1/registry/summary on the demo file: the figures of the Central
Steering Committee's report of 5 December 2025, and other figures on other days."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from nq57.registry.demo import DEMO_FILE, load_registry_demo, registry_demo_is_loaded

pytestmark = pytest.mark.django_db
URL = "/api/v1/registry/summary"


@pytest.fixture
def demo() -> None:
    call_command("import_databases", str(DEMO_FILE), stdout=io.StringIO())


def summary(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("registry_summary", *args, "--format", "json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_resolution_71s_list_as_of_5_december_2025(demo: None) -> None:
    result = summary("--list", "NQ71-2025", "--as-of", "2025-12-05")
    assert (result["total"], result["formed"], result["at_risk"]) == (105, 31, 38)
    assert result["deploying"] + result["not_started"] == 74
    # The report's "36 being deployed" are the others: not formed, not at risk.
    assert result["deploying"] + result["not_started"] - result["at_risk"] == 36
    assert (result["list"], result["as_of"]) == ("NQ71-2025", "2025-12-05")


def test_plan_02s_list_as_of_5_december_2025(demo: None) -> None:
    result = summary("--list", "KH02", "--as-of", "05/12/2025")
    assert (result["total"], result["formed"], result["deploying"], result["not_started"]) == (
        12,
        4,
        5,
        3,
    )


def test_an_earlier_day_gives_other_figures(demo: None) -> None:
    in_may = summary("--list", "NQ71-2025", "--as-of", "2025-05-01")
    assert in_may["formed"] < 31
    assert in_may["at_risk"] == 0  # the risks were assessed in the autumn
    before_any = summary("--list", "NQ71-2025", "--as-of", "2024-12-31")
    assert before_any["total"] == 0


def test_a_later_day_counts_what_was_formed_since(demo: None) -> None:
    later = summary("--list", "NQ71-2025", "--as-of", "2025-12-31")
    assert later["total"] == 105
    assert later["formed"] == 34


def test_without_a_list_every_database_counts(demo: None) -> None:
    result = summary("--as-of", "2025-12-05")
    assert result["list"] is None
    assert result["total"] == 109


def test_unknown_list_and_bad_date_are_refused(demo: None) -> None:
    with pytest.raises(CommandError, match="unknown list"):
        summary("--list", "NQ99", "--as-of", "2025-12-05")
    with pytest.raises(CommandError, match="not a date"):
        summary("--as-of", "31/02/2025")


def test_the_api_gives_the_same_figures(
    demo: None, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    client = APIClient()
    client.force_authenticate(make_user("BKHCN", "reporter"))
    with django_assert_max_num_queries(6):
        answer = client.get(URL, {"list": "NQ71-2025", "as_of": "05/12/2025"})
    assert answer.status_code == 200
    assert answer.json() == summary("--list", "NQ71-2025", "--as-of", "2025-12-05")
    plan = client.get(URL, {"list": "KH02", "as_of": "2025-12-05"}).json()
    assert [plan[key] for key in ("formed", "deploying", "not_started")] == [4, 5, 3]


def test_the_api_refuses_bad_input(demo: None, make_user: Callable[..., Any]) -> None:
    client = APIClient()
    client.force_authenticate(make_user("BKHCN", "reporter"))
    bad_day = client.get(URL, {"as_of": "32/12/2025"})
    assert bad_day.status_code == 400
    assert list(bad_day.json()["errors"]) == ["as_of"]
    unknown = client.get(URL, {"list": "NQ99"})
    assert unknown.status_code == 400
    assert list(unknown.json()["errors"]) == ["list"]


def test_the_api_is_for_officials(demo: None) -> None:
    assert APIClient().get(URL).status_code == 401


def test_the_demo_loads_the_registry_once() -> None:
    assert not registry_demo_is_loaded()
    load_registry_demo()
    assert registry_demo_is_loaded()


def test_the_demo_connects_most_formed_databases_to_the_sharing_platform() -> None:
    from datetime import date

    from nq57.core.models import AuditEvent
    from nq57.registry.models import Database

    load_registry_demo()
    connected = Database.objects.filter(connected_on__lte=date(2025, 12, 5))
    formed = summary("--as-of", "2025-12-05")["formed"]
    assert 0 < connected.count() < formed
    assert AuditEvent.objects.filter(event="database.connected").count() == connected.count()
