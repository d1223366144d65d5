"""The figures read by SQL (`selectors.year_budget`) are the pure rule's (`rules.figures`) for
any ledger and any day, in a bounded number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57.budget import services
from nq57.budget.choices import Stage
from nq57.budget.models import Entry
from nq57.budget.rules import Figures, Line, figures
from nq57.budget.selectors import year_budget
from nq57.core.actors import SYSTEM
from nq57.core.errors import ValidationFailed
from nq57.orgs.models import Organization

START = date(2025, 11, 1)
days = st.integers(min_value=0, max_value=90).map(lambda n: START + timedelta(days=n))
entries = st.lists(
    st.tuples(
        st.sampled_from(["BKHCN", "BTC", "01"]),
        st.sampled_from(["NQ57", "DA06"]),
        st.sampled_from(Stage.values),
        st.integers(min_value=0, max_value=10**9),
        days,
        st.sampled_from([2025, 2026]),
    ),
    max_size=15,
)


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledger=entries, as_of=days)
def test_the_sql_figures_equal_the_pure_rule(
    ledger: list[tuple[str, str, str, int, date, int]],
    as_of: date,
    django_assert_max_num_queries: Any,
) -> None:
    Entry.objects.all().delete()
    lines = []
    for org_code, programme_code, stage, amount, dated, year in ledger:
        organization = Organization.objects.get(code=org_code)
        programme = services.programme_get_or_create(SYSTEM, code=programme_code)
        try:
            entry, created = services.entry_record(
                SYSTEM,
                year=year,
                organization=organization,
                programme=programme,
                stage=stage,
                amount=amount,
                dated=dated,
            )
        except ValidationFailed:  # another amount the same day: refused, as the rule assumes
            continue
        if created and year == 2025:
            lines.append(Line((organization.pk, programme.pk), stage, amount, dated, entry.pk))
    with django_assert_max_num_queries(4):
        found = year_budget(2025, as_of)
    expected = {key: value for key, value in figures(lines, as_of).items() if value != Figures()}
    assert {key: value for key, value in found.cells.items() if value != Figures()} == expected
