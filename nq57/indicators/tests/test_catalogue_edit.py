"""The catalogue is data: data elements, indicators and targets created and changed by the
secretariat or the monitoring organisation, checked field by field, audited, never
overwritten by `load_indicators`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.core.exchange import ImportRejected
from nq57.core.models import AuditEvent
from nq57.core.periods import parse_period
from nq57.indicators import selectors
from nq57.indicators.models import DataElement, DataSet, Indicator, Target
from nq57.indicators.services import (
    data_element_create,
    data_element_update,
    indicator_create,
    indicator_update,
    target_set,
    value_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(make_user: Callable[..., Any], catalogue: DataSet) -> Any:
    return make_user("BCDTW", "secretariat")


def fields_of(failure: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, list[str]]:
    return failure.value.fields


def new_rate(actor: Any, **extra: Any) -> Indicator:
    values: dict[str, Any] = {
        "code": "records_digitised_share",
        "name_vi": "Tỷ lệ hồ sơ được số hoá",
        "formula": "ratio",
        "terms": ["records_digitised", "records_total"],
        "factor": "100",
        "unit": "%",
        "monitor": "VPCP",
        **extra,
    }
    return indicator_create(actor, **values)


def test_the_secretariat_creates_an_indicator_with_its_terms_audited(secretariat: Any) -> None:
    indicator = new_rate(secretariat, group="strategic")
    assert indicator.period_type == "month"  # the longest of its elements' data sets
    assert indicator.name_en == indicator.name_vi
    assert indicator.is_edited
    assert indicator.edited_by_id == secretariat.pk
    assert [t.element.code for t in indicator.terms.order_by("position")] == [
        "records_digitised",
        "records_total",
    ]
    event = audit.history_of(indicator).get()
    assert event.event == "indicator.defined"
    assert event.changes["terms"] == [None, ["records_digitised", "records_total"]]
    assert event.changes["factor"] == [None, "100"]


def test_every_field_problem_is_named_at_once(secretariat: Any) -> None:
    with pytest.raises(ValidationFailed) as failure:
        new_rate(
            secretariat,
            code="Bad code!",
            name_vi="",
            terms=["records_digitised"],
            direction="sideways",
            factor="-1",
        )
    fields = fields_of(failure)
    assert set(fields) >= {"code", "name_vi", "direction", "factor"}
    with pytest.raises(ValidationFailed) as failure:
        new_rate(secretariat, terms=["records_digitised"])
    assert "numerator" in fields_of(failure)["terms"][0]
    with pytest.raises(ValidationFailed) as failure:
        new_rate(secretariat, terms=["nothing_like_it", "records_total"])
    assert "nothing_like_it" in fields_of(failure)["terms"][0]
    assert not AuditEvent.objects.filter(event="indicator.defined", actor_id=secretariat.pk)


def test_period_type_units_and_reserved_codes_are_checked(secretariat: Any) -> None:
    # Quarterly enterprises over a monthly indicator: shorter than what is entered.
    with pytest.raises(ValidationFailed) as failure:
        new_rate(
            secretariat, terms=["enterprises_digital", "enterprises_total"], period_type="month"
        )
    assert "enterprises_digital" in fields_of(failure)["period_type"][0]
    with pytest.raises(ValidationFailed) as failure:
        new_rate(secretariat, formula="sum", terms=["records_total", "records_online"])
    assert fields_of(failure)["unit"]  # a sum of records is not in %
    with pytest.raises(ValidationFailed) as failure:
        new_rate(secretariat, formula="sum", terms=["records_total", "spending_total"], unit="")
    assert fields_of(failure)["terms"]  # counts and amounts are not added up
    with pytest.raises(ValidationFailed) as failure:
        new_rate(secretariat, code="entry")
    assert fields_of(failure)["code"]
    with pytest.raises(ValidationFailed) as failure:
        new_rate(secretariat, monitor="no such body")
    assert fields_of(failure)["monitor"]


def test_only_the_secretariat_and_the_monitors_deciders_edit(
    make_user: Callable[..., Any], catalogue: DataSet
) -> None:
    rate = Indicator.objects.get(code="online_records_rate")  # monitored by VPCP
    for outsider in (
        make_user("VPCP", "reporter"),
        make_user("BKHCN", "approver"),
        make_user("UBKTTW", "inspector"),
    ):
        with pytest.raises(NotPermitted):
            indicator_update(outsider, indicator=rate, unit="phần trăm")
        with pytest.raises(NotPermitted):
            target_set(outsider, indicator=rate, org=None, period="2026", value="90")
        with pytest.raises(NotPermitted):
            new_rate(outsider)
    approver = make_user("VPCP", "approver")
    indicator_update(approver, indicator=rate, name_vi="Tỷ lệ hồ sơ trực tuyến (sửa)")
    # Moving it to another monitor needs a right there too.
    with pytest.raises(NotPermitted):
        indicator_update(approver, indicator=rate, monitor="BKHCN")
    assert Indicator.objects.get(code="online_records_rate").monitor.code == "VPCP"


def test_an_update_records_only_what_changed(secretariat: Any) -> None:
    rate = Indicator.objects.get(code="online_records_rate")
    indicator_update(secretariat, indicator=rate, factor="100", unit="%")
    assert not audit.history_of(rate).filter(event="indicator.updated").exists()
    assert not Indicator.objects.get(pk=rate.pk).is_edited
    indicator_update(secretariat, indicator=rate, unit="phần trăm", formula="ratio")
    event = audit.history_of(rate).get(event="indicator.updated")
    assert event.changes == {"unit": ["%", "phần trăm"]}


def test_a_new_formula_shows_in_the_figures_at_once(secretariat: Any) -> None:
    for element, value in [
        ("records_total", 200),
        ("records_online", 50),
        ("records_digitised", 150),
    ]:
        value_set(SYSTEM, element=element, org="01", period="202603", value=value)
    rate = Indicator.objects.get(code="online_records_rate")
    march = parse_period("202603")
    today = date(2026, 4, 1)
    figure = selectors.indicator_value(rate, march, selectors.scope_from(), today=today)
    assert figure.value == 25
    indicator_update(secretariat, indicator=rate, terms=["records_digitised", "records_total"])
    figure = selectors.indicator_value(rate, march, selectors.scope_from(), today=today)
    assert figure.value == 75  # from the same rollups, nothing to rebuild


def test_an_element_is_created_and_its_fixed_fields_stay_once_it_has_values(
    secretariat: Any,
) -> None:
    element = data_element_create(
        secretariat,
        dataset="public_services",
        code="records_signed",
        name_vi="Hồ sơ ký số",
        value_type="count",
    )
    assert element.is_edited
    assert audit.history_of(element).get().event == "data_element.created"
    with pytest.raises(ValidationFailed) as failure:
        data_element_create(
            secretariat, dataset="public_services", code="records_signed", name_vi="x"
        )
    assert fields_of(failure)["code"]
    with pytest.raises(ValidationFailed) as failure:
        data_element_create(secretariat, dataset="nothing", code="x_y", name_vi="x")
    assert fields_of(failure)["dataset"]
    data_element_update(secretariat, element=element, time_aggregation="last")
    value_set(SYSTEM, element="records_signed", org="01", period="202603", value=3)
    with pytest.raises(ValidationFailed) as failure:
        data_element_update(secretariat, element=element, time_aggregation="sum")
    assert fields_of(failure)["time_aggregation"]
    data_element_update(secretariat, element=element, name_vi="Hồ sơ được ký số")
    assert DataElement.objects.get(pk=element.pk).name_vi == "Hồ sơ được ký số"


def test_an_element_change_that_breaks_an_indicator_is_refused(secretariat: Any) -> None:
    total = DataElement.objects.get(code="records_total")
    with pytest.raises(ValidationFailed) as failure:
        data_element_update(secretariat, element=total, value_type="boolean")
    assert any("online_records_rate" in m for m in fields_of(failure)["value_type"])


def test_targets_are_set_once_per_org_and_period_and_checked(secretariat: Any) -> None:
    rate = Indicator.objects.get(code="online_records_rate")
    target, created = target_set(secretariat, indicator=rate, org=None, period="2026", value="90")
    assert created
    assert target.is_edited
    again, created = target_set(secretariat, indicator=rate, org="", period="2026", value="92,5")
    assert (again.pk, created, again.value) == (target.pk, False, Decimal("92.5"))
    event = audit.history_of(target).filter(event="target.set").latest("pk")
    assert event.changes == {"value": ["90", "92.5"]}
    assert event.data == {"indicator": "online_records_rate", "org": "", "period": "2026"}
    hanoi, _ = target_set(
        secretariat,
        indicator=rate,
        org="01",
        period="2026Q4",
        value="70",
        baseline="40",
        baseline_period="2025",
    )
    assert hanoi.org is not None
    assert hanoi.org.code == "01"
    quarterly = Indicator.objects.get(code="stidt_budget_share")
    problems = {
        "period": {"period": "202611"},  # a month, for an indicator of quarters
        "value": {"value": "-3"},  # spending cannot be negative
        "baseline_period": {"baseline": "1", "baseline_period": "2027"},
        "org": {"org": "nowhere"},
    }
    for field, extra in problems.items():
        given: dict[str, Any] = {"org": None, "period": "2026", "value": "3", **extra}
        with pytest.raises(ValidationFailed) as failure:
            target_set(secretariat, indicator=quarterly, **given)
        assert field in fields_of(failure), field
    for hostile in ("abc", "1e999", "NaN", "\x00", "12345678901234567890123"):
        with pytest.raises(ValidationFailed):
            target_set(secretariat, indicator=quarterly, org=None, period="2026", value=hostile)


def test_load_indicators_never_overwrites_what_was_edited(secretariat: Any) -> None:
    rate = Indicator.objects.get(code="online_records_rate")
    indicator_update(
        secretariat, indicator=rate, name_vi="Tỷ lệ hồ sơ nộp trực tuyến", unit="phần trăm"
    )
    target_set(secretariat, indicator=rate, org=None, period="2025", value="85")
    total = DataElement.objects.get(code="records_total")
    data_element_update(secretariat, element=total, name_vi="Tổng hồ sơ tiếp nhận")
    # Built-in rows nobody edited drift, as after a change in the code, and come back.
    untouched = Indicator.objects.get(code="stations_5g")
    Indicator.objects.filter(pk=untouched.pk).update(unit="cái", group="strategic")
    DataElement.objects.filter(code="records_online").update(name_vi="tạm")
    call_command("load_indicators", verbosity=0)
    rate.refresh_from_db()
    assert (rate.name_vi, rate.unit) == ("Tỷ lệ hồ sơ nộp trực tuyến", "phần trăm")
    assert Target.objects.get(indicator=rate, org=None, period="2025").value == 85
    assert DataElement.objects.get(code="records_total").name_vi == "Tổng hồ sơ tiếp nhận"
    untouched.refresh_from_db()
    assert (untouched.unit, untouched.group) == ("trạm", "operational")
    assert DataElement.objects.get(code="records_online").name_vi != "tạm"


def test_the_built_in_headline_indicators_are_strategic(catalogue: DataSet) -> None:
    strategic = set(Indicator.objects.filter(group="strategic").values_list("code", flat=True))
    assert {"online_records_rate", "stidt_budget_share", "coverage_5g_population"} <= strategic
    assert "villages_no_mobile" not in strategic


def test_only_a_share_holds_its_numerator_below_its_denominator(secretariat: Any) -> None:
    new_rate(
        secretariat,
        code="people_per_station",
        terms=["population_total", "stations_5g"],
        factor="1",
        unit="người/trạm",
        monitor="BKHCN",
    )
    # 1,000 people for 5 stations: a ratio in people per station, not a share.
    value_set(SYSTEM, element="stations_5g", org="01", period="202603", value=5)
    value_set(SYSTEM, element="population_total", org="01", period="202603", value=1000)
    with pytest.raises(ImportRejected):  # the 5G coverage share stays below its whole
        value_set(SYSTEM, element="population_5g", org="01", period="202603", value=2000)
