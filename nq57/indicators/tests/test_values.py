"""Entering and importing values: checks by line, all or nothing, and rollups that agree with
the arithmetic at every write."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from nq57.core.actors import SYSTEM
from nq57.core.exchange import ImportRejected
from nq57.core.models import AuditEvent
from nq57.core.periods import Period, PeriodType, parse_period
from nq57.indicators import rollups
from nq57.indicators.aggregation import NATIONAL, Entry, FigureScope, element_total
from nq57.indicators.choices import ScopeKind, TimeAggregation
from nq57.indicators.exchange import values_import
from nq57.indicators.models import DataElement, DataValue, Indicator, ValueRollup
from nq57.indicators.services import (
    ValueInput,
    catalogue_load,
    value_set,
    values_save,
)
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db: Any) -> None:
    catalogue_load(SYSTEM)


def commune_of(province: str) -> str:
    return Organization.objects.filter(path__startswith=f"/{province}/", depth=1).first().code  # type: ignore[union-attr]


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_the_catalogue_loads_once_in_both_languages(catalogue: None) -> None:
    indicators = Indicator.objects.count()
    assert indicators >= 14
    assert catalogue_load(SYSTEM) == {"indicators_created": 0, "indicators_kept": indicators}
    assert Indicator.objects.count() == indicators
    rate = Indicator.objects.get(code="online_records_rate")
    assert [t.element.code for t in rate.terms.order_by("position")] == [
        "records_online",
        "records_total",
    ]
    assert rate.targets.get(org=None, period="2025").value == 80
    for item in [*Indicator.objects.all(), *DataElement.objects.all()]:
        assert item.name_vi
        assert item.name_en
        assert item.name_vi != item.name_en


SCOPED_ORGS = ["01", "79", "BKHCN", "BTC"]


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 10_000))
def test_rollups_agree_with_the_arithmetic_after_every_write(seed: int) -> None:
    rng = random.Random(seed)
    with transaction.atomic():
        catalogue_load(SYSTEM)
        orgs = [*SCOPED_ORGS, commune_of("01"), commune_of("79")]
        elements = {"records_total": TimeAggregation.SUM, "stations_5g": TimeAggregation.LAST}
        months = [f"2025{m:02d}" for m in range(1, 13)]
        for _round in range(3):  # new values, then changes to some of them
            inputs = {
                (element, org, period): ValueInput(
                    element=element,
                    period=period,
                    org=org,
                    value=rng.randint(0, 500),
                )
                for element, org, period in (
                    (rng.choice(list(elements)), rng.choice(orgs), rng.choice(months))
                    for _ in range(rng.randint(1, 25))
                )
            }
            values_save(SYSTEM, inputs=inputs.values())
        places = {o.pk: o for o in Organization.objects.all()}
        for code, over_time in elements.items():
            element = DataElement.objects.get(code=code)
            entries = [
                Entry(place.path, place.group, parse_period(v.period), v.value)
                for v in DataValue.objects.filter(element=element)
                for place in [places[v.org_id]]
            ]
            scopes = [FigureScope(ScopeKind.NATIONAL, NATIONAL)] + [
                FigureScope(ScopeKind.GROUP, g) for g in ("central", "local")
            ]
            scopes += [
                FigureScope(ScopeKind.ORG, places[pk].path)
                for pk in {o.pk for o in Organization.objects.filter(code__in=orgs)}
            ]
            periods = [parse_period(p) for p in [*months, "2025Q1", "2025Q4", "2025S2", "2025"]]
            stored = {
                (r.scope, r.scope_key, r.period): (r.total, r.contributors)
                for r in ValueRollup.objects.filter(element=element)
            }
            for scope in scopes:
                key = scope.key
                if scope.kind == ScopeKind.ORG:
                    key = str(next(pk for pk, o in places.items() if o.path == scope.key))
                for period in periods:
                    expected = element_total(entries, period, over_time, scope)
                    total, contributors = stored.get((scope.kind.value, key, period.code), (0, 0))
                    assert (total if contributors else None) == expected, (code, scope, period)
        kept = stored_rollups()
        rollups.rebuild()
        assert stored_rollups() == kept  # the set-based rebuild agrees with every write
        transaction.set_rollback(True)


def stored_rollups() -> dict[tuple[Any, ...], tuple[Decimal, int]]:
    return {
        (r.element_id, r.scope, r.scope_key, r.period): (r.total, r.contributors)
        for r in ValueRollup.objects.all()
        if r.contributors
    }


def test_a_saved_value_is_in_every_ancestor_and_group_at_once(catalogue: None) -> None:
    commune = commune_of("01")
    value_set(SYSTEM, element="records_total", org=commune, period="202503", value=40)
    value_set(SYSTEM, element="records_online", org=commune, period="202503", value=10)
    value_set(SYSTEM, element="records_total", org="BKHCN", period="202503", value=60)
    value_set(SYSTEM, element="records_online", org="BKHCN", period="202503", value=45)
    out = io.StringIO()
    for scope, expected in [([], 55.0), (["--group", "local"], 25.0), (["--org", "01"], 25.0)]:
        call_command(
            "indicator_value",
            "online_records_rate",
            "--period",
            "2025Q1",
            *scope,
            "--format",
            "json",
            stdout=out,
        )
        answer = json.loads(out.getvalue())
        out.seek(0)
        out.truncate()
        assert answer["value"] == expected, scope
    assert answer["numerator"] == 10
    assert answer["denominator"] == 40
    assert answer["target"] == 80
    assert answer["progress_status"] in {"on_track", "off_track"}
    # Changing a value moves every figure it is part of; the audit trail has both.
    value_set(SYSTEM, element="records_online", org=commune, period="202503", value=30)
    call_command(
        "indicator_value",
        "online_records_rate",
        "--period",
        "2025",
        "--format",
        "json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["value"] == 75.0
    events = AuditEvent.objects.filter(event="value.entered").order_by("id")
    assert [e.changes["value"] for e in events][-1] == ["10.0000", "30.0000"]


GOOD = """data_element,period,org,value,comment
records_total,202501,BKHCN,1000,
records_online,202501,BKHCN,600,
records_total,202501,01,500,Hà Nội tự nhập
records_online,202501,01,100,
"""

HEADER = "data_element,period,org,value"
BAD = """data_element,period,org,value
records_total,202501,BKHCN,1000
records_online,202501,BKHCN,1200
records_nothing,202501,BKHCN,1
records_total,2025Q1,BKHCN,5
records_total,202501,NOWHERE,5
records_total,202501,79,-3
records_total,202501,79,abc
records_total,202502,79,2.5
records_total,202501,BKHCN,999
"""


def test_a_good_file_imports_once_and_again_changes_nothing(catalogue: None) -> None:
    report = values_import(SYSTEM, csv_file(GOOD))
    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    again = values_import(SYSTEM, csv_file(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert DataValue.objects.get(org__code="01", element__code="records_total").comment == (
        "Hà Nội tự nhập"
    )


def test_a_bad_file_names_every_problem_by_line_and_writes_nothing(catalogue: None) -> None:
    with pytest.raises(ImportRejected) as failure:
        values_import(SYSTEM, csv_file(BAD))
    problems = failure.value.report.problems
    assert problems[0].startswith("line 4: data_element: unknown data element 'records_nothing'")
    expected_starts = [
        "line 5: period: records_total is entered for each month (YYYYMM), not for 2025Q1",
        "line 6: org: unknown organisation 'NOWHERE'",
        "line 7: value: -3 is negative",
        "line 8: value: 'abc' is not a number",
        "line 9: value: 2.5 is not a whole number",
        "line 10: data_element: the same data element, period and organisation as line 2",
        "line 3: value: records_online (1200) is above records_total (1000)",
    ]
    for start in expected_starts:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == 8
    assert not DataValue.objects.exists()
    assert not ValueRollup.objects.exists()


def test_a_numerator_is_checked_against_the_stored_denominator(catalogue: None) -> None:
    values_import(SYSTEM, csv_file(GOOD))
    with pytest.raises(ImportRejected) as failure:
        values_import(SYSTEM, csv_file(f"{HEADER}\nrecords_online,202501,01,501\n"))
    assert failure.value.report.problems == [
        "line 2: value: records_online (501) is above records_total (500)"
    ]


def test_an_xlsx_file_and_a_missing_column(catalogue: None) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("values")
    sheet.append(["data_element", "period", "org", "value"])
    sheet.append(["records_total", 202501, 1, 12])  # a spreadsheet's numbers: 01 became 1
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert values_import(SYSTEM, buffer).created == 1
    assert DataValue.objects.get().org.code == "01"
    with pytest.raises(ImportRejected) as failure:
        values_import(SYSTEM, csv_file("data_element,period,value\nrecords_total,202501,1\n"))
    assert failure.value.report.problems[0].startswith("line 1: header: missing column(s) org")


def test_an_organisation_cannot_enter_values_for_another(
    catalogue: None, make_user: Callable[..., Any]
) -> None:
    reporter = make_user("79", "reporter")
    with pytest.raises(ImportRejected) as failure:
        value_set(reporter, element="records_total", org="01", period="202501", value=5)
    assert "you may not enter values for 01" in failure.value.message
    value_set(reporter, element="records_total", org=commune_of("79"), period="202501", value=5)
    viewer = make_user("79", "viewer")
    with pytest.raises(ImportRejected):
        value_set(viewer, element="records_total", org="79", period="202501", value=5)


def test_the_command_imports_and_reports(catalogue: None, tmp_path: Any) -> None:
    path = tmp_path / "values.csv"
    path.write_text(BAD, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="8 problem"):
        call_command("import_values", str(path), stderr=err)
    assert "line 7: value: -3 is negative" in err.getvalue()
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_values", str(path), stdout=out)
    assert "4 rows: 4 created, 0 updated, 0 unchanged" in out.getvalue()


def test_a_yes_no_element_counts_organisations(catalogue: None) -> None:
    communes = list(
        Organization.objects.filter(path__startswith="/01/", depth=1).values_list(
            "code", flat=True
        )[:3]
    )
    values_save(
        SYSTEM,
        inputs=[
            ValueInput(element="commune_connected", period="202506", org=code, value=answer)
            for code, answer in zip(communes, ["có", "1", "không"], strict=True)
        ],
    )
    out = io.StringIO()
    call_command(
        "indicator_value",
        "communes_connected",
        "--period",
        "2025",
        "--org",
        "01",
        "--format",
        "json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["value"] == 2


def test_period_months_helper() -> None:
    assert Period(2025, 2, PeriodType.QUARTER).months()[0].code == "202504"


def test_the_2025_online_records_figures_come_back_through_import_and_query(
    catalogue: None, tmp_path: Any
) -> None:
    """39.98% nationally, 54.46% for ministries and branches, 16.94% for provinces: the sums
    of every organisation's months, from a file holding the traps of real returns."""
    import csv

    from nq57.indicators.sample import online_records_rows, reporters

    rows = online_records_rows(reporters(commune_limit=60))
    path = tmp_path / "online-records-2025.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_values", str(path), stdout=io.StringIO())
    answers = {}
    for scope in ([], ["--group", "central"], ["--group", "local"]):
        out = io.StringIO()
        call_command(
            "indicator_value",
            "online_records_rate",
            "--period",
            "2025",
            *scope,
            "--format",
            "json",
            stdout=out,
        )
        answers[scope[1] if scope else "national"] = json.loads(out.getvalue())["value"]
    assert answers == {"national": 39.98, "central": 54.46, "local": 16.94}
    # The mean of the organisations' own rates is another, wrong, number.
    totals: dict[str, list[int]] = {}
    for row in rows:
        if row["period"].startswith("2025"):
            totals.setdefault(row["org"], [0, 0])[row["data_element"] == "records_total"] += int(
                row["value"]
            )
    rates = [online / total for online, total in totals.values() if total]
    assert round(100 * sum(rates) / len(rates), 2) != answers["national"]
