"""The as-of rule of a database's status and risk: the pure function, and the SQL count that
must agree with it on any history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.registry import services
from nq57.registry.choices import DatabaseStatus, RiskLevel
from nq57.registry.models import Database
from nq57.registry.selectors import standing_by_owner, summary_counts_sql
from nq57.registry.status import Standing, standing_on, summary_counts

START = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=60).map(lambda n: START + timedelta(days=n))
standings = st.builds(
    Standing,
    since=days,
    status=st.sampled_from(DatabaseStatus.values),
    risk=st.sampled_from(RiskLevel.values),
)
# One entry a day per database, as the unique constraint keeps it.
histories = st.lists(st.lists(standings, max_size=5, unique_by=lambda s: s.since), max_size=8)


@given(history=st.lists(standings, max_size=6, unique_by=lambda s: s.since), day=days)
def test_the_standing_is_the_latest_entry_on_or_before_the_day(
    history: list[Standing], day: date
) -> None:
    found = standing_on(history, day)
    earlier = [entry for entry in history if entry.since <= day]
    if not earlier:
        assert found is None
        return
    assert found in earlier
    assert all(entry.since <= found.since for entry in earlier)


@given(history=st.lists(standings, min_size=1, max_size=6, unique_by=lambda s: s.since))
def test_an_entry_holds_from_its_day_until_the_next(history: list[Standing]) -> None:
    ordered = sorted(history, key=lambda s: s.since)
    for entry, following in zip(ordered, [*ordered[1:], None], strict=True):
        assert standing_on(history, entry.since) == entry
        assert standing_on(history, entry.since - timedelta(days=1)) != entry
        if following is not None:
            assert standing_on(history, following.since - timedelta(days=1)) == entry


@given(histories=histories, day=days)
def test_counts_add_up(histories: list[list[Standing]], day: date) -> None:
    counts = summary_counts(histories, day)
    assert counts["total"] == sum(counts[s] for s in DatabaseStatus.values)
    assert counts["at_risk"] <= counts["deploying"] + counts["not_started"]


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=histories, day=days)
def test_the_sql_count_equals_the_pure_rule(
    histories: list[list[Standing]], day: date, django_assert_num_queries: Any
) -> None:
    Database.objects.all().delete()
    owner = Organization.objects.get(code="BCA")
    for number, history in enumerate(histories):
        database, _ = services.database_save(
            SYSTEM, code=f"DB-{number}", name="Cơ sở dữ liệu", kind="national", owner=owner
        )
        for entry in history:
            services.status_record(
                SYSTEM,
                database=database,
                since=entry.since,
                status=entry.status,
                risk=entry.risk,
            )
    with django_assert_num_queries(1):
        counted = summary_counts_sql(Database.objects.all(), day)
    assert counted == summary_counts(histories, day)


OWNERS = ("BCA", "BTC", "01")


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    databases=st.lists(
        st.tuples(
            st.sampled_from(OWNERS),
            st.lists(standings, max_size=4, unique_by=lambda s: s.since),
            st.none() | days,
        ),
        max_size=8,
    ),
    day=days,
)
def test_the_standing_by_owner_counts_what_the_pure_rule_counts(
    databases: list[tuple[str, list[Standing], date | None]], day: date
) -> None:
    """The rankings' count per owner (one SQL statement) against each database's standing
    by the plain rule: databases with a status on the day, formed then, connected by then."""
    Database.objects.all().delete()
    expected: dict[int, tuple[int, int, int]] = {}
    for number, (code, history, connected_on) in enumerate(databases):
        owner = Organization.objects.get(code=code)
        database, _ = services.database_save(
            SYSTEM, code=f"DB-{number}", name="Cơ sở dữ liệu", kind="national", owner=owner
        )
        if connected_on is not None:
            services.database_connect(SYSTEM, database=database, on=connected_on)
        for entry in history:
            services.status_record(
                SYSTEM, database=database, since=entry.since, status=entry.status, risk=entry.risk
            )
        standing = standing_on(history, day)
        if standing is None:
            continue
        total, formed, connected = expected.get(owner.pk, (0, 0, 0))
        expected[owner.pk] = (
            total + 1,
            formed + (standing.status == DatabaseStatus.FORMED),
            connected + (connected_on is not None and connected_on <= day),
        )
    assert standing_by_owner(day) == expected
