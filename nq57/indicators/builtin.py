"""The built-in catalogue: the indicators the steering committees report, with the data
elements they are computed from, grouped into the forms organisations submit.

Facts only (names, formulas, the 2025 targets quoted in the committees' notices), kept in
data/catalogue.json and read into the specs below; loaded by `manage.py load_indicators`,
which may run again at any time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from nq57.core.periods import PeriodType
from nq57.orgs.choices import OrgKind

from .choices import Direction, Formula, IndicatorGroup, TimeAggregation, ValueType

SUM, LAST = TimeAggregation.SUM, TimeAggregation.LAST
COUNT, AMOUNT, BOOLEAN = ValueType.COUNT, ValueType.AMOUNT, ValueType.BOOLEAN


@dataclass(frozen=True)
class ElementSpec:
    code: str
    name_vi: str
    name_en: str
    value_type: ValueType = COUNT
    over_time: TimeAggregation = SUM


@dataclass(frozen=True)
class DataSetSpec:
    code: str
    name_vi: str
    name_en: str
    period_type: PeriodType
    monitor: str  # organisation code
    elements: tuple[ElementSpec, ...]
    due_days: int = 10
    reporters: tuple[OrgKind, ...] = (
        OrgKind.MINISTRY,
        OrgKind.MINISTRY_AGENCY,
        OrgKind.GOVERNMENT_AGENCY,
        OrgKind.PROVINCE,
        OrgKind.COMMUNE,
    )


@dataclass(frozen=True)
class TargetSpec:
    period: str
    value: Decimal
    org: str | None = None  # None: the national target
    baseline: Decimal | None = None
    baseline_period: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    name_en: str
    formula: Formula
    terms: tuple[str, ...]
    unit: str
    period_type: PeriodType
    monitor: str
    factor: Decimal = Decimal(1)
    direction: Direction = Direction.HIGHER
    group: IndicatorGroup = IndicatorGroup.OPERATIONAL
    targets: tuple[TargetSpec, ...] = ()


CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.json"


def _element(row: dict[str, Any]) -> ElementSpec:
    return ElementSpec(
        row["code"],
        row["name_vi"],
        row["name_en"],
        value_type=ValueType(row.get("value_type", COUNT)),
        over_time=TimeAggregation(row.get("over_time", SUM)),
    )


def _data_set(row: dict[str, Any]) -> DataSetSpec:
    extra: dict[str, Any] = {}
    if "reporters" in row:
        extra["reporters"] = tuple(OrgKind(kind) for kind in row["reporters"])
    if "due_days" in row:
        extra["due_days"] = int(row["due_days"])
    return DataSetSpec(
        row["code"],
        row["name_vi"],
        row["name_en"],
        PeriodType(row["period_type"]),
        row["monitor"],
        elements=tuple(_element(element) for element in row["elements"]),
        **extra,
    )


def _target(row: dict[str, Any]) -> TargetSpec:
    baseline = row.get("baseline")
    return TargetSpec(
        row["period"],
        Decimal(row["value"]),
        org=row.get("org"),
        baseline=Decimal(baseline) if baseline is not None else None,
        baseline_period=row.get("baseline_period", ""),
    )


def _indicator(row: dict[str, Any]) -> IndicatorSpec:
    return IndicatorSpec(
        row["code"],
        row["name_vi"],
        row["name_en"],
        Formula(row["formula"]),
        tuple(row["terms"]),
        row["unit"],
        PeriodType(row["period_type"]),
        row["monitor"],
        factor=Decimal(row.get("factor", "1")),
        direction=Direction(row.get("direction", Direction.HIGHER)),
        group=IndicatorGroup(row.get("group", IndicatorGroup.OPERATIONAL)),
        targets=tuple(_target(target) for target in row.get("targets", ())),
    )


def _catalogue() -> tuple[tuple[DataSetSpec, ...], tuple[IndicatorSpec, ...]]:
    """The shipped catalogue (data/catalogue.json): data sets with their elements, and
    indicators with their terms and targets; fields left out take the specs' defaults."""
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return (
        tuple(_data_set(row) for row in data["data_sets"]),
        tuple(_indicator(row) for row in data["indicators"]),
    )


DATA_SETS, INDICATORS = _catalogue()
