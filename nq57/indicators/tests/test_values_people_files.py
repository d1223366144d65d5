"""Issue 15: a values file may give its header as the labels, in Vietnamese or English; its
numbers are then read as that language writes them, and its problems name its columns."""

from __future__ import annotations

import io
from typing import Any

import pytest

from nq57.core.actors import SYSTEM
from nq57.core.exchange import ImportRejected
from nq57.indicators.exchange import values_import
from nq57.indicators.models import DataValue
from nq57.indicators.services import catalogue_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db: Any) -> None:
    catalogue_load(SYSTEM)


def stored(org: str, element: str) -> Any:
    return DataValue.objects.get(org__code=org, element__code=element).value


def test_a_vietnamese_header_reads_1_290_as_a_thousand_two_hundred_and_ninety(
    catalogue: None,
) -> None:
    text = (
        'Mục số liệu,Kỳ báo cáo,"Cơ quan, đơn vị",Giá trị\n'
        "records_total,202501,BKHCN,10.359\n"
        "records_online,202501,BKHCN,1.290\n"
    )
    report = values_import(SYSTEM, io.BytesIO(text.encode()))
    assert report.created == 2
    assert stored("BKHCN", "records_total") == 10359
    assert stored("BKHCN", "records_online") == 1290


def test_an_english_header_reads_by_english_rules_and_keys_by_the_machine_s(
    catalogue: None,
) -> None:
    english = 'Data element,Period,Organisation,Value\nrecords_total,202501,BKHCN,"1,290"\n'
    values_import(SYSTEM, io.BytesIO(english.encode()))
    assert stored("BKHCN", "records_total") == 1290
    machine = "data_element,period,org,value\nrecords_total,202501,01,1290\n"
    values_import(SYSTEM, io.BytesIO(machine.encode()))
    assert stored("01", "records_total") == 1290


def test_a_problem_names_the_column_as_the_vietnamese_file_did(catalogue: None) -> None:
    text = (
        'Mục số liệu,Kỳ báo cáo,"Cơ quan, đơn vị",Giá trị\n'
        "records_total,202501,BKHCN,mười\n"
        "records_total,202501,NOWHERE,5\n"
    )
    with pytest.raises(ImportRejected) as refused:
        values_import(SYSTEM, io.BytesIO(text.encode()))
    assert refused.value.report.problems == [
        "line 2: Giá trị: 'mười' is not a number",
        "line 3: Cơ quan, đơn vị: unknown organisation 'NOWHERE'",
    ]
    assert not DataValue.objects.exists()
