"""Indicator values for the demo `make run` loads: the 2025 online-records figures the
committees quoted, some digital-infrastructure returns, and forms at each stage."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from nq57.core.actors import SYSTEM
from nq57.core.periods import parse_period
from nq57.orgs.choices import OrgKind
from nq57.orgs.models import Organization

from .models import DataSet, DataValue
from .sample import MONTHS, online_records_rows, reporters
from .services import (
    ValueInput,
    catalogue_load,
    submission_approve,
    submission_return,
    submission_submit,
    values_save,
)

# Enough communes to show the drill-down; the group rates come out the same with all 3,321.
DEMO_COMMUNES = 400


def indicator_demo_is_loaded() -> bool:
    return DataValue.objects.exists()


@transaction.atomic
def load_indicator_demo(today: date) -> None:
    catalogue_load(SYSTEM)
    rng = random.Random(57)  # nosec B311  # sample and demo data, not secrets
    inputs = [
        ValueInput(
            element=row["data_element"],
            period=row["period"],
            org=row["org"],
            value=row["value"],
            comment=row["comment"],
        )
        for row in online_records_rows(reporters(DEMO_COMMUNES))
    ]
    for code in Organization.objects.filter(kind=OrgKind.PROVINCE).values_list("code", flat=True):
        population = rng.randint(500_000, 8_000_000)
        covered = int(population * rng.uniform(0.2, 0.9))
        stations = rng.randint(20, 900)
        for month in MONTHS[:10]:
            inputs += [
                ValueInput("population_total", month, code, population),
                ValueInput("population_5g", month, code, covered),
                ValueInput("stations_5g", month, code, stations),
                ValueInput("villages_no_mobile", month, code, rng.randint(0, 40)),
            ]
            covered = min(population, covered + rng.randint(0, 20_000))
            stations += rng.randint(0, 25)
    values_save(SYSTEM, inputs=inputs)
    _forms(today)


def _forms(today: date) -> None:
    """Forms of October 2025 for online services, through the services: most ministries and
    provinces sent theirs, some late, a few approved; Hà Nội's returned with a reason."""
    dataset = DataSet.objects.select_related("monitor").get(code="public_services")
    period = parse_period("202510")
    rng = random.Random(10)  # nosec B311  # sample and demo data, not secrets
    for org in Organization.objects.filter(kind__in=[OrgKind.MINISTRY, OrgKind.PROVINCE]):
        if rng.random() < 0.2:
            continue  # has not reported
        sent = date(2025, 11, 14 if rng.random() < 0.25 else 7)
        form = submission_submit(SYSTEM, dataset=dataset, org=org, period=period, today=sent)
        if org.code == "01":
            submission_return(
                SYSTEM,
                submission=form,
                reason="Thiếu số liệu của các xã, phường; đề nghị bổ sung.",
                today=date(2025, 11, 18),
            )
        elif rng.random() < 0.3:
            submission_approve(SYSTEM, submission=form, today=date(2025, 11, 20))
