"""Issue 15 item 3, a dashboard that analyses: organisations without tasks folded away behind
their count, no steering committee among the ministries, every name a link, chart bars that
lead where the names do, and how many days each overdue task is late."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from nq57.orgs.choices import OrgKind
from nq57.orgs.models import Organization
from nq57.tasks.models import Task
from nq57.tasks.status import Deadline, Status, TaskFacts, days_overdue, status_on
from nq57.web.dashboard import OrgRow, fold_empty
from nq57.web.templatetags.nq57 import days_overdue as days_overdue_filter

TODAY = date(2025, 12, 4)

ROW = re.compile(
    r'<tr data-org="(?P<code>[^"]+)">\s*<th[^>]*>(?P<name>.*?)</th>(?P<cells>.*?)</tr>', re.S
)
NAME_LINK = re.compile(r'<a href="(?P<href>[^"]+)"')
TOTAL_LINK = re.compile(r'data-figure="total" href="(?P<href>[^"]+)">(?P<value>\d+)<')
FOLD = re.compile(
    r'<details class="org-empty[^"]*" id="(?P<table>[^"]+)-empty-fold">\s*'
    r"<summary>(?P<summary>.*?)</summary>",
    re.S,
)


def table(page: str, table_id: str) -> str:
    """The markup of the table with that id."""
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


def rows(page: str, table_id: str) -> dict[str, dict[str, Any]]:
    """{code: name link, total link and total} of a table's organisation rows."""
    found = {}
    for match in ROW.finditer(table(page, table_id)):
        name_link = NAME_LINK.search(match["name"])
        total = TOTAL_LINK.search(match["cells"])
        assert total, match["code"]
        found[match["code"]] = {
            "name_href": html.unescape(name_link["href"]) if name_link else None,
            "total_href": html.unescape(total["href"]),
            "total": int(total["value"]),
        }
    return found


def fold_summaries(page: str) -> dict[str, str]:
    """{table id: the text of its fold's summary}."""
    return {m["table"]: html.unescape(m["summary"]).strip() for m in FOLD.finditer(page)}


def chart_data(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no chart data"
    data: dict[str, Any] = json.loads(found[1])
    return data


def dashboard(client: Client, user: Any, url: str = "/") -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def few_tasks(make_task: Callable[..., Task]) -> list[str]:
    """Tasks led by one ministry, one province and two of its communes; every other
    organisation has none. Returns the communes."""
    communes = list(
        Organization.objects.get(code="01").children.order_by("path").values_list("code", flat=True)
    )[:2]
    for lead in ("BKHCN", "BKHCN", "01", *communes):
        make_task(lead)
    return communes


@time_machine.travel(TODAY, tick=False)
def test_rows_without_tasks_are_folded_away_behind_their_count(
    client: Client, make_user: Callable[..., Any], few_tasks: list[str]
) -> None:
    page = dashboard(client, make_user("BCDTW", "secretariat"))
    summaries = fold_summaries(page)
    for table_id in ("central-table", "local-table"):
        listed = rows(page, table_id)
        folded = rows(page, f"{table_id}-empty")
        assert listed, table_id
        assert folded, table_id
        assert all(row["total"] > 0 for row in listed.values()), table_id
        assert all(row["total"] == 0 for row in folded.values()), table_id
        assert not set(listed) & set(folded)
        # The count said is the rows it folds.
        assert summaries[table_id] == f"{len(folded)} organisations with no tasks"
    assert set(rows(page, "central-table")) == {"BKHCN"}
    assert set(rows(page, "local-table")) == {"01"}
    # Every top-level organisation but the steering committees is somewhere, once.
    shown = {
        code
        for table_id in ("central-table", "local-table")
        for code in [*rows(page, table_id), *rows(page, f"{table_id}-empty")]
    }
    expected = set(
        Organization.objects.filter(depth=0)
        .exclude(kind=OrgKind.STEERING_COMMITTEE)
        .values_list("code", flat=True)
    )
    assert shown == expected

    # A province's communes: the two with tasks listed, the others (well over a hundred) and
    # the province's own row, without tasks of its own beyond one, folded.
    page = dashboard(client, make_user("BCDTW", "secretariat"), "/?org=01")
    listed = rows(page, "org-table")
    folded = rows(page, "org-table-empty")
    children = Organization.objects.get(code="01").children.count()
    assert set(listed) == {"01", *few_tasks}
    assert len(folded) == children - len(few_tasks) > 100
    assert fold_summaries(page)["org-table"] == f"{len(folded)} organisations with no tasks"
    # The charts leave them out.
    assert [row["code"] for row in chart_data(page)["orgs"]] == ["01", *few_tasks]


@time_machine.travel(TODAY, tick=False)
def test_the_fold_speaks_vietnamese(
    client: Client, make_user: Callable[..., Any], few_tasks: list[str], settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"
    page = dashboard(client, make_user("BCDTW", "secretariat"), "/?org=01")
    folded = len(rows(page, "org-table-empty"))
    assert fold_summaries(page)["org-table"] == f"{folded} cơ quan, đơn vị chưa có nhiệm vụ"


def test_fold_keeps_the_order_and_parts_the_rows() -> None:
    from nq57.tasks.status import StatusCounts

    counts = [StatusCounts(total=n, in_progress=n) for n in (3, 0, 1, 0, 0, 7)]
    all_rows = [
        OrgRow(f"O{i}", f"Org {i}", "local", True, None, c, {}) for i, c in enumerate(counts)
    ]
    folded = fold_empty(all_rows)
    assert [r.code for r in folded.listed] == ["O0", "O2", "O5"]
    assert [r.code for r in folded.empty] == ["O1", "O3", "O4"]


@time_machine.travel(TODAY, tick=False)
def test_no_steering_committee_row_among_the_ministries(
    client: Client, make_user: Callable[..., Any], few_tasks: list[str]
) -> None:
    committees = list(
        Organization.objects.filter(kind=OrgKind.STEERING_COMMITTEE).values_list("code", flat=True)
    )
    assert committees
    page = dashboard(client, make_user("BCDTW", "secretariat"))
    for code in committees:
        assert f'data-org="{code}"' not in page, code
    assert not {row["code"] for row in chart_data(page)["orgs"]} & set(committees)
    # The secretariat of a committee sees the same national table.
    page = dashboard(Client(), make_user("BCDTW", "approver"))
    assert not [code for code in committees if f'data-org="{code}"' in page]


@time_machine.travel(TODAY, tick=False)
def test_a_steering_committee_that_leads_a_task_has_its_row(
    client: Client, make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    make_task("BCDCP")
    page = dashboard(client, make_user("BCDTW", "secretariat"))
    assert rows(page, "central-table")["BCDCP"]["total"] == 1
    assert 'data-org="BCDTW"' not in page


@time_machine.travel(TODAY, tick=False)
def test_every_name_is_a_link_drilling_down_or_to_the_tasks(
    client: Client, make_user: Callable[..., Any], few_tasks: list[str]
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    page = dashboard(client, secretariat)
    province = rows(page, "local-table")["01"]
    assert province["name_href"].startswith("/?")
    assert "org=01" in province["name_href"]
    ministry = rows(page, "central-table")["BKHCN"]  # no units in the test data
    assert ministry["name_href"] == ministry["total_href"]
    bars = {row["code"]: row["url"] for row in chart_data(page)["orgs"]}
    assert bars == {"BKHCN": ministry["total_href"], "01": province["name_href"]}

    page = dashboard(client, secretariat, "/?org=01")
    for table_id in ("org-table", "org-table-empty"):
        for code, row in rows(page, table_id).items():
            # Communes have nothing below them: their name lists their tasks, as their total.
            assert row["name_href"] == row["total_href"], (table_id, code)
    listed = rows(page, "org-table")
    assert listed[few_tasks[0]]["name_href"].startswith("/tasks/?")
    assert {row["code"]: row["url"] for row in chart_data(page)["orgs"]} == {
        code: row["total_href"] for code, row in listed.items()
    }


@given(
    deadline=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    later=st.integers(min_value=-400, max_value=4000),
)
def test_days_overdue_counts_the_days_past_the_deadline_of_the_status_rule(
    deadline: date, later: int
) -> None:
    day = deadline + timedelta(days=later)
    facts = TaskFacts(
        assigned_on=deadline - timedelta(days=500),
        deadlines=(Deadline(deadline - timedelta(days=500), deadline),),
    )
    days = days_overdue(deadline, day)
    # Overdue (by the status rule) exactly when some day has gone by past the deadline.
    assert (days > 0) == (status_on(facts, day) == Status.OVERDUE)
    assert days == max(0, later)
    # One more day late each day after the deadline.
    assert days_overdue(deadline, day + timedelta(days=1)) == days + (1 if later >= 0 else 0)
    assert days_overdue_filter(deadline, day) == days
    assert days_overdue_filter(None, day) == 0


OVERDUE_DAYS = re.compile(r'data-days-overdue="(\d+)">([^<]+)<')


@time_machine.travel(TODAY, tick=False)
def test_the_overdue_list_says_how_many_days_late_as_of_the_dashboards_date(
    client: Client, make_user: Callable[..., Any], make_task: Callable[..., Task], settings: Any
) -> None:
    make_task("BKHCN", deadline=TODAY - timedelta(days=12))
    make_task("BTC", deadline=TODAY - timedelta(days=1))
    make_task("01", deadline=TODAY + timedelta(days=5))  # not overdue
    secretariat = make_user("BCDTW", "secretariat")
    page = dashboard(client, secretariat)
    assert OVERDUE_DAYS.findall(page) == [("12", "12 days overdue"), ("1", "1 day overdue")]
    # As of an earlier date, fewer days; the task due later is overdue as of a later one.
    page = dashboard(client, secretariat, f"/?as_of={(TODAY - timedelta(days=3)).isoformat()}")
    assert OVERDUE_DAYS.findall(page) == [("9", "9 days overdue")]
    page = dashboard(client, secretariat, "/?as_of=2025-12-20")
    assert [days for days, _ in OVERDUE_DAYS.findall(page)] == ["28", "17", "11"]

    settings.LANGUAGE_CODE = "vi"
    page = dashboard(Client(), secretariat)
    assert OVERDUE_DAYS.findall(page) == [("12", "quá hạn 12 ngày"), ("1", "quá hạn 1 ngày")]
