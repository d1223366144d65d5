"""Issue 11 item 6: every dashboard figure opens a list that holds exactly that many tasks —
the own-organisation rows included — on data where units and communes lead tasks, on the
national, a ministry's, a province's and a commune's dashboard, through the pages and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks import services
from nq57.tasks.models import Task
from nq57.tasks.rollups import rebuild

from .pages import figure_links, listed_count

TODAY = date(2025, 12, 4)


def communes_of(province: str, how_many: int) -> list[str]:
    parent = Organization.objects.get(code=province)
    return list(parent.children.order_by("path").values_list("code", flat=True)[:how_many])


@pytest.fixture
def layered_tasks(make_task: Callable[..., Task]) -> dict[str, list[str]]:
    """Tasks led by ministries and their units, provinces and their communes, in every
    status; each organisation both leads tasks itself and has units that lead others."""
    org_create(
        SYSTEM,
        code="BKHCN-CDS",
        name_vi="Cục Chuyển đổi số quốc gia",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN"),
    )
    org_create(
        SYSTEM,
        code="BKHCN-CDS-1",
        name_vi="Phòng Dữ liệu",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN-CDS"),
    )
    communes = communes_of("01", 2) + communes_of("79", 1)
    leads = ["BKHCN", "BKHCN-CDS", "BKHCN-CDS-1", "01", *communes, "79", "BTC"]
    for index in range(3 * len(leads)):
        lead = leads[index % len(leads)]
        task = make_task(
            lead,
            assigned_on=date(2025, 1, 10) + timedelta(days=index * 7),
            deadline=date(2025, 3, 1) + timedelta(days=index * 17),
            kind="regular" if index % 9 == 4 else "deadline",
        )
        if index % 5 == 0 and task.kind == "deadline" and task.assigned_on < date(2025, 6, 2):
            # Completed straight in the data: the figures, not the workflow, are under test.
            Task.objects.filter(pk=task.pk).update(completed_on=date(2025, 6, 2), progress=100)
    rebuild()  # the rollups follow the completions written straight to the tasks
    # A withdrawn task (counted before 1 September, not after) and one on hold since then.
    with time_machine.travel(date(2025, 9, 1), tick=False):
        open_tasks = Task.objects.filter(
            kind="deadline", completed_on__isnull=True, assigned_on__lte=date(2025, 9, 1)
        ).order_by("code")
        services.task_withdraw(SYSTEM, task=open_tasks[0], reason="Trùng lặp")
        services.task_suspend(SYSTEM, task=open_tasks[1], reason="Chờ hướng dẫn")
    return {"communes": communes}


def api_count(api: APIClient, link: str) -> int:
    """The count the API list gives for the query a figure's link asks."""
    response = api.get(f"/api/v1/tasks/?{urlsplit(link).query}")
    assert response.status_code == 200, (link, response.content[:300])
    return int(response.json()["count"])


def check_dashboard(client: Client, api: APIClient, url: str) -> list[tuple[str, str, int]]:
    """Every figure of the dashboard at `url` equals the count its list page states and the
    count the API gives for the same query; returns the figures."""
    response = client.get(url)
    assert response.status_code == 200, url
    figures = figure_links(response.content.decode())
    assert figures, f"no linked figure on {url}"
    followed = [f for f in figures if f[2] > 0] + [f for f in figures if f[2] == 0][:5]
    for key, link, value in followed:
        assert listed_count(client, link) == value, (url, key, link)
        assert api_count(api, link) == value, (url, key, link)
    return figures


def own_row_totals(figures: list[tuple[str, str, int]]) -> dict[str, int]:
    """The totals of the rows that count the organisation alone (their links ask direct)."""
    return {link: value for key, link, value in figures if key == "total" and "direct=" in link}


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("as_of", ["", "2025-06-30"])
def test_every_figure_of_every_level_of_dashboard_is_the_count_of_its_list(
    make_user: Callable[..., Any],
    api: Callable[..., APIClient],
    layered_tasks: dict[str, list[str]],
    as_of: str,
) -> None:
    commune = layered_tasks["communes"][0]
    secretariat = make_user("BCDTW", "secretariat")
    viewers = {
        "national": (secretariat, "/"),
        "ministry": (make_user("BKHCN", "reporter"), "/"),
        "ministry unit": (secretariat, "/?org=BKHCN-CDS"),
        "province": (make_user("01", "reporter"), "/"),
        "province, drilled": (secretariat, "/?org=01"),
        "commune": (make_user(commune, "reporter"), "/"),
        "commune, drilled": (secretariat, f"/?org={commune}"),
    }
    own_rows: dict[str, int] = {}
    for name, (user, url) in viewers.items():
        client = Client()
        client.force_login(user)
        dated = f"{url}{'&' if '?' in url else '?'}as_of={as_of}" if as_of else url
        figures = check_dashboard(client, api(user), dated)
        assert figures[0][0] == "total", name
        own_rows.update(own_row_totals(figures))
    # Own-organisation rows with tasks were followed: a list ignoring `direct` would have
    # counted their units' and communes' tasks too.
    assert own_rows
    assert all(value > 0 for value in own_rows.values()), own_rows


@time_machine.travel(TODAY, tick=False)
def test_an_own_row_link_lists_the_organisation_alone_not_its_units(
    client: Client, make_user: Callable[..., Any], layered_tasks: dict[str, list[str]]
) -> None:
    client.force_login(make_user("BCDTW", "secretariat"))
    for org in ("BKHCN", "01"):
        counted = Task.objects.filter(assigned_on__lte=TODAY, withdrawn_on__isnull=True)
        own = counted.filter(lead_org__code=org).count()
        everything = counted.filter(
            lead_org__path__startswith=Organization.objects.get(code=org).path
        ).count()
        assert own < everything  # units or communes lead tasks under it
        states = "status=regular&status=completed&status=in_progress&status=overdue"
        for flag in ("1", "true", "yes", "on"):
            listed = listed_count(client, f"/tasks/?org={org}&role=lead&direct={flag}&{states}")
            assert listed == own, (org, flag)
        assert listed_count(client, f"/tasks/?org={org}&role=lead&direct=0&{states}") == everything
