"""The dashboard: each number equals the count of the list it links to, in any scope."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.tasks import services
from nq57.tasks.models import Task
from nq57.tasks.ranking import rank_by_on_time
from nq57.tasks.selectors.status_sql import filter_by_status
from nq57.tasks.selectors.summaries import in_org_scope
from nq57.tasks.status import Status, StatusCounts, on_time_rate, one_decimal
from nq57.web.dashboard import week_ends

from .pages import RESULT_COUNT, figure_links, listed_count

TODAY = date(2025, 12, 4)


@pytest.fixture
def varied_tasks(make_task: Callable[..., Task], make_user: Callable[..., Any]) -> list[Task]:
    """Tasks in every status, in ministries, provinces and communes, with an extension."""
    approver = make_user("BCDTW", "approver")
    tasks = []
    leads = ["BKHCN", "BTC", "01", "79", "BKHCN", "01"]
    for index in range(18):
        lead = leads[index % len(leads)]
        kind = "regular" if index % 7 == 3 else "deadline"
        task = make_task(
            lead,
            assigned_on=date(2025, 1, 10) + timedelta(days=index * 9),
            deadline=date(2025, 3, 1) + timedelta(days=index * 25),
            kind=kind,
            coordinating=("79",) if index % 4 == 0 and lead != "79" else (),
        )
        tasks.append(task)
    with time_machine.travel(date(2025, 6, 2), tick=False):
        for task in tasks[:5]:
            if task.kind == "deadline":
                services.completion_request(SYSTEM, task=task, links=["https://example.gov.vn/a"])
                services.completion_confirm(approver, task=task, evidence_checked=True)
        extended = tasks[7]
        assert extended.deadline is not None
        request = services.extension_request(
            SYSTEM,
            task=extended,
            requested_deadline=extended.deadline + timedelta(days=300),
            reason="Chờ nguồn vốn",
        )
        services.extension_approve(approver, request=request)
    return tasks


def check_every_figure(client: Client, url: str, *, zeros: int | None = None) -> int:
    """Follows the dashboard's figure links and compares; `zeros` bounds how many of the
    (many, cheap to get right) zero figures of empty organisations are followed."""
    response = client.get(url)
    assert response.status_code == 200
    figures = figure_links(response.content.decode())
    assert figures, "the dashboard shows no linked figure"
    zero_figures = [f for f in figures if f[2] == 0]
    checked = [f for f in figures if f[2] > 0] + zero_figures[:zeros]
    for key, link, value in checked:
        assert listed_count(client, link) == value, (key, link)
    return len(checked)


@time_machine.travel(TODAY, tick=False)
def test_every_figure_of_the_national_dashboard_is_the_count_of_its_list(
    client: Client, make_user: Callable[..., Any], varied_tasks: list[Task]
) -> None:
    client.force_login(make_user("BCDTW", "secretariat"))
    checked = check_every_figure(client, "/")
    assert checked >= 8 + 6 * 53  # the cards, then six per top-level organisation
    check_every_figure(client, "/?as_of=2025-06-30", zeros=10)


@time_machine.travel(TODAY, tick=False)
def test_drilled_down_and_province_dashboards_match_their_lists(
    client: Client, make_user: Callable[..., Any], varied_tasks: list[Task]
) -> None:
    client.force_login(make_user("BCDTW", "secretariat"))
    check_every_figure(client, "/?org=01", zeros=10)
    check_every_figure(client, "/?org=BKHCN&as_of=2025-05-01", zeros=10)
    other = Client()
    other.force_login(make_user("79", "reporter"))
    check_every_figure(other, "/", zeros=10)


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_shows_the_status_counts_as_of_the_chosen_date(
    client: Client, make_user: Callable[..., Any], varied_tasks: list[Task]
) -> None:
    client.force_login(make_user("BCDTW", "secretariat"))
    for as_of in (TODAY, date(2025, 4, 1)):
        figures = {
            key: value
            for key, _, value in figure_links(
                client.get(f"/?as_of={as_of.isoformat()}").content.decode()
            )[:8]
        }
        existing = [t for t in varied_tasks if t.assigned_on <= as_of]
        assert figures["total"] == len(existing)
        assert figures["regular"] == sum(t.kind == "regular" for t in existing)


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client: Client,
    make_user: Callable[..., Any],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(make_user("BCDTW", "secretariat"))
    make_task("BKHCN")
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as few:
        client.get("/")
    for index in range(30):
        make_task(["BKHCN", "01", "79"][index % 3], deadline=date(2025, 12, 10))
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as many:
        client.get("/")
    assert len(many.captured_queries) == len(few.captured_queries)
    reporter = Client()
    reporter.force_login(make_user("01", "reporter"))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        reporter.get("/")


# Session and user (3), where a user's dashboard opens (2), figures (about 14), the registry's
# figures of every list (1), the budget's latest year and its totals (2), the frame (2), the
# session's renewal on every request for the idle timeout (3), the queue above it (a count for
# each of its 11 sections, the rows of those not empty), and a little room; never a query per
# task, per row or per list.
DASHBOARD_QUERIES = 39


@time_machine.travel(TODAY, tick=False)
def test_the_national_dashboard_shows_the_registrys_figures_each_the_count_of_its_list(
    client: Client, make_user: Callable[..., Any]
) -> None:
    from nq57.registry.demo import load_registry_demo

    load_registry_demo()
    client.force_login(make_user("BCDTW", "secretariat"))
    page = client.get("/?as_of=05/12/2025").content.decode()
    rows = {}
    for code in ("NQ71-2025", "KH02"):
        row = re.search(rf'<tr data-list="{code}">.*?</tr>', page, re.S)
        assert row, code
        rows[code] = {key: value for key, _, value in figure_links(row[0])}
    keys = ("db_total", "db_formed", "db_others", "db_at_risk")
    assert tuple(rows["NQ71-2025"][key] for key in keys) == (105, 31, 36, 38)
    assert rows["KH02"]["db_total"] == 12
    assert rows["KH02"]["db_formed"] == 4
    registry = [f for f in figure_links(page) if f[0].startswith("db_")]
    assert len(registry) == 8
    for key, link, value in registry:
        assert listed_count(client, link) == value, (key, link)
    # Every list, one query, whatever the number of lists; not on an organisation's dashboard.
    with CaptureQueriesContext(connection) as queries:
        client.get("/?as_of=2025-12-05")
    assert sum("registry_statusentry" in q["sql"] for q in queries.captured_queries) == 1
    assert 'id="registry-table"' not in client.get("/?org=BTC").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_national_dashboard_shows_the_years_budget_each_the_sum_of_its_entries(
    client: Client, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    from nq57.budget.demo import load_budget_demo

    load_budget_demo()
    client.force_login(make_user("BCDTW", "secretariat"))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = client.get("/?as_of=2026-06-30").content.decode()
    budget = {key: (link, value) for key, link, value in figure_links(page) if "budget" in key}
    assert set(budget) == {
        "budget_proposed",
        "budget_approved",
        "budget_unallocated",
        "budget_disbursed",
        "budget_alerts",
    }
    # The alerts' figure is the count of the list it opens; the money figures, the sums of
    # the entry lists they open.
    alerts_link, alerts = budget.pop("budget_alerts")
    listed = client.get(alerts_link).content.decode()
    assert alerts == listed.count('class="list-group-item" data-org=')
    assert f'data-count="{alerts}"' in listed
    assert budget["budget_proposed"][1] == 16_716_074
    assert budget["budget_unallocated"][1] == 3_056_082
    for key, (link, value) in budget.items():
        listed = client.get(link).content.decode()
        found = re.search(r'id="result-sum" data-sum="(-?\d+)"', listed)
        assert found, key
        assert int(found[1]) == value, key
    assert 'id="budget-table"' not in client.get("/?org=BTC").content.decode()
    # Before the ledger's first entry, the latest year's figures are those known then: none.
    early = client.get("/?as_of=2025-01-01").content.decode()
    assert all(value == 0 for key, _, value in figure_links(early) if "budget" in key)


def test_week_ends_are_the_sundays_of_the_year_then_the_day() -> None:
    ends = week_ends(date(2025, 3, 5))
    assert ends[0] == date(2025, 1, 5)
    assert all(day.weekday() == 6 for day in ends[:-1])
    assert ends[-1] == date(2025, 3, 5)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_week_ends_cover_the_year_to_date_once(day: date) -> None:
    ends = week_ends(day)
    assert ends == sorted(set(ends))
    assert ends[-1] == day
    assert all(end.year == day.year for end in ends)
    assert all((b - a).days <= 7 for a, b in itertools.pairwise(ends))
    assert (ends[0] - date(day.year, 1, 1)).days < 7


counts = st.builds(
    StatusCounts,
    completed_on_time=st.integers(0, 50),
    completed_late=st.integers(0, 50),
    overdue=st.integers(0, 50),
    in_progress=st.integers(0, 50),
)


@given(counts)
def test_on_time_rate_is_on_time_over_fallen_due(c: StatusCounts) -> None:
    exact = on_time_rate(c)
    rate = one_decimal(exact)  # as the dashboard and the ranking show it
    fallen_due = c.completed_on_time + c.completed_late + c.overdue
    if fallen_due == 0:
        assert rate is None
        assert exact is None
    else:
        assert rate == round(100 * c.completed_on_time / fallen_due, 1)
        assert 0 <= rate <= 100
        # Exact, as the composite ranking weighs it (its share of part over whole).
        assert exact == Decimal(c.completed_on_time) * 100 / Decimal(fallen_due)


@given(st.lists(counts, max_size=12))
def test_ranks_follow_the_rate_ties_share_and_the_unrated_come_last(
    all_counts: list[StatusCounts],
) -> None:
    from nq57.web.dashboard import OrgRow

    rows = [
        OrgRow(f"O{i}", f"Org {i}", "central", True, None, c, {}) for i, c in enumerate(all_counts)
    ]
    ranked = rank_by_on_time(rows)
    assert sorted(r.item.code for r in ranked) == sorted(r.code for r in rows)
    rated = [r for r in ranked if r.rank is not None]
    assert all(r.rank is None for r in ranked[len(rated) :])
    for before, after in itertools.pairwise(rated):
        assert (before.item.on_time_rate or 0) >= (after.item.on_time_rate or 0)
        if before.item.on_time_rate == after.item.on_time_rate:
            assert before.rank == after.rank
        else:
            assert after.rank == rated.index(after) + 1


@time_machine.travel(TODAY, tick=False)
def test_the_weekly_trend_equals_the_counts_as_of_each_week_end(
    make_user: Callable[..., Any], varied_tasks: list[Task]
) -> None:
    from nq57.orgs.models import Organization
    from nq57.tasks.selectors.summaries import SummaryQuery, status_series, task_summary

    secretariat = make_user("BCDTW", "secretariat")
    province_reporter = make_user("01", "reporter")
    days = week_ends(TODAY)
    scopes = [
        (secretariat, None),  # from the rollups
        (secretariat, Organization.objects.get(code="BKHCN")),  # root rollups
        (secretariat, Organization.objects.get(code="01")),
        (province_reporter, None),  # counted on the tasks
    ]
    for actor, org in scopes:
        series = status_series(actor, SummaryQuery(TODAY, org=org), days)
        for day, counts in list(zip(days, series, strict=True))[::6]:
            expected, _ = task_summary(actor, SummaryQuery(day, org=org), use_rollups=False)
            assert counts == expected, (org, day)


def test_a_ministry_opens_on_its_own_tasks_and_a_steering_committee_on_all_it_assigned(
    client: Client, make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    make_task("BKHCN")
    make_task("BTC", coordinating=("BKHCN",))
    make_task("01")

    def total(user: Any, url: str = "/") -> int:
        client.force_login(user)
        figures = figure_links(client.get(url).content.decode())
        return next(value for key, _, value in figures if key == "total")  # the first card

    ministry = make_user("BKHCN", "reporter")
    assert total(ministry) == 1  # led by the ministry
    assert total(ministry, "/?org=") == 2  # everything it may see, the coordinated task too
    assert total(make_user("BCDTW", "approver")) == 3  # the committee assigned all three


TASK_ROW = re.compile(r'<td><a href="/tasks/(\d+)/">')


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("as_of", [None, "2025-06-30", "2025-03-15"])
def test_a_status_list_counted_from_the_rollups_holds_exactly_its_rows(
    make_user: Callable[..., Any], varied_tasks: list[Task], as_of: str | None
) -> None:
    """A list asking only for statuses (over everything, a programme, or a top-level
    organisation as lead) takes its count from the rollups, not COUNT(*) over the tasks: the
    count stated must still be the rows listed, and the rows those the status rule picks."""
    client = Client()
    client.force_login(make_user("BCDTW", "secretariat"))
    day = date.fromisoformat(as_of) if as_of else TODAY
    program = varied_tasks[0].program.code
    for statuses, scope in itertools.product(
        [["overdue"], ["in_progress"], ["completed"], ["regular", "completed_late"]],
        ["", "org=01", "org=01&role=lead", "org=BKHCN", f"program={program}"],
    ):
        query = "&".join([f"status={s}" for s in statuses] + [scope, f"as_of={as_of or ''}"])
        with CaptureQueriesContext(connection) as captured:
            page = client.get(f"/tasks/?{query}").content.decode()
        # The list's own counts; the menu's count of what waits on the user is another.
        counted = [
            q["sql"]
            for q in captured.captured_queries
            if "COUNT(" in q["sql"] and "AS waiting" not in q["sql"]
        ]
        assert not [sql for sql in counted if '"tasks_task"' in sql], query
        wanted = {Status(s) for s in statuses if s != "completed"}
        if "completed" in statuses:
            wanted |= {Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE}
        org_code = parse_qs(scope).get("org")
        org = Organization.objects.get(code=org_code[0]) if org_code else None
        expected = set(
            filter_by_status(
                in_org_scope(Task.objects.all(), org, "lead"), wanted, day
            ).values_list("pk", flat=True)
        )
        listed = {int(pk) for pk in TASK_ROW.findall(page)}
        assert listed == expected, query
        assert int(RESULT_COUNT.search(page)[1]) == len(expected), query  # type: ignore[index]


@time_machine.travel(TODAY, tick=False)
def test_other_filters_are_counted_on_the_tasks(
    make_user: Callable[..., Any], varied_tasks: list[Task]
) -> None:
    """The rollups know neither deadlines, kinds, coordinators nor communes: such lists count
    their rows, and a commune's or a coordinator's list is exact."""
    client = Client()
    client.force_login(make_user("BCDTW", "secretariat"))
    for query in [
        "status=overdue&role=coordinate&org=79",
        "status=overdue&org=01&direct=true",
        "status=in_progress&kind=deadline",
        "status=overdue&deadline_to=2025-06-30",
        "status=overdue&q=nhiem+vu",
    ]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(f"/tasks/?{query}").content.decode()
        assert any(
            "COUNT(" in q["sql"] and '"tasks_task"' in q["sql"] for q in captured.captured_queries
        ), query
        assert int(RESULT_COUNT.search(page)[1]) == len(TASK_ROW.findall(page)), query  # type: ignore[index]


SORT_VALUE = re.compile(r'<td data-sort-value="([^"]*)"')


@time_machine.travel(TODAY, tick=False)
def test_sort_values_are_plain_numbers_in_vietnamese(
    client: Client, make_user: Callable[..., Any], varied_tasks: list[Task], settings: Any
) -> None:
    """The table sorts on data-sort-value with JavaScript's Number(): "47,5" (the Vietnamese
    decimal comma) would be NaN and scramble the on-time rate column."""
    settings.LANGUAGE_CODE = "vi"
    client.force_login(make_user("BCDTW", "secretariat"))
    page = client.get("/").content.decode()
    values = SORT_VALUE.findall(page)
    assert len(values) >= 53 * 7
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in values), set(values)
    assert any("." in value for value in values)  # a rate with decimals was there to check
