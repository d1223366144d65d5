"""The entry page shows, beside each field, the organisation's value of the period before (in
the reader's number format), read in the same query as the period's own values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nq57.indicators.models import DataSet
from nq57.indicators.services import value_set

pytestmark = pytest.mark.django_db


def test_the_previous_periods_value_stands_beside_each_field(
    catalogue: DataSet, make_user: Callable[..., Any]
) -> None:
    reporter = make_user("01", "reporter")
    value_set(reporter, element="records_total", org="01", period="202501", value=12905)
    client = Client()
    client.force_login(reporter)
    page = client.get(
        "/indicators/entry/", {"dataset": catalogue.code, "org": "01", "period": "202502"}
    ).content.decode()
    assert "Previous period (Month 1/2025)" in page
    assert (
        '<td class="text-end d-none d-sm-table-cell" data-previous="records_total">12,905</td>'
        in page
    )
    # A phone hides that column (d-none until "sm"): the value stands under the field instead.
    assert (
        '<div class="d-sm-none small text-body-secondary mt-1">'
        "Previous period (Month 1/2025): 12,905</div>" in page
    )
    # An element with nothing the period before shows a dash, not a zero.
    assert 'data-previous="records_online"><span class="text-body-secondary">—</span>' in page
