"""The arithmetic of data quality, pure: no database, no clock.

A criterion's score is the share of checked records that passed (0–100); a database's score
is the weighted sum the method states (weights sum to 100); its grade is the band the score
falls in. A criterion without evidence scores 0 and is reported as having none. Several
results given for one criterion are added up (the selectors pass one per criterion), so the
order of the evidence never matters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

CRITERIA = ("correct", "sufficient", "clean", "live", "unified", "shared")
WEIGHT_TOTAL = 100
HUNDREDTH = Decimal("0.01")
HUNDRED = Decimal(100)


class MethodError(ValueError):
    """A method's definition that cannot be used: unknown criteria, weights not summing to
    100, bands that do not start at 0."""


@dataclass(frozen=True)
class Band:
    """Scores from `minimum` up (to the next band) get `grade`."""

    minimum: Decimal
    grade: str


@dataclass(frozen=True)
class Method:
    """What a version of the method says: each criterion's weight, and the bands from the
    highest down."""

    code: str
    weights: Mapping[str, int]
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Evidence:
    """A check result as arithmetic sees it."""

    criterion: str
    checked: int
    passing: int


@dataclass(frozen=True)
class Scored:
    """A database's score by a method: each criterion's score (None: no evidence, counted
    as 0), the weighted score and its grade."""

    method: str
    criteria: Mapping[str, Decimal | None]
    score: Decimal
    grade: str


def method_from(code: str, definition: Mapping[str, Any]) -> Method:
    """The method a definition describes, checked: the six criteria each with a whole weight
    of 0–100, the weights summing to 100, bands with distinct minimums, the lowest 0."""
    criteria = definition.get("criteria")
    if not isinstance(criteria, Mapping) or set(criteria) != set(CRITERIA):
        raise MethodError(f"{code}: the criteria must be exactly {', '.join(CRITERIA)}")
    weights: dict[str, int] = {}
    for name in CRITERIA:
        weight = criteria[name].get("weight") if isinstance(criteria[name], Mapping) else None
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 100:
            raise MethodError(f"{code}: the weight of {name} must be a whole number 0–100")
        weights[name] = weight
    if sum(weights.values()) != WEIGHT_TOTAL:
        raise MethodError(f"{code}: the weights sum to {sum(weights.values())}, not {WEIGHT_TOTAL}")
    raw_bands = definition.get("bands")
    if not isinstance(raw_bands, list) or not raw_bands:
        raise MethodError(f"{code}: the method needs grade bands")
    try:
        bands = tuple(
            sorted(
                (Band(Decimal(str(band["min"])), str(band["grade"])) for band in raw_bands),
                key=lambda band: band.minimum,
                reverse=True,
            )
        )
    except (KeyError, TypeError, ArithmeticError) as exc:
        raise MethodError(f"{code}: each band needs a 'min' and a 'grade'") from exc
    minimums = [band.minimum for band in bands]
    if len(set(minimums)) != len(minimums) or minimums[-1] != 0 or minimums[0] > HUNDRED:
        raise MethodError(f"{code}: band minimums must be distinct, within 0–100, the lowest 0")
    return Method(code=code, weights=weights, bands=bands)


def _hundredths(checked: int, passing: int) -> int:
    """passing ÷ checked × 100 in hundredths, rounded half up, in whole numbers: the same as
    the Decimal arithmetic, at a tenth of its cost (a ranking scores every database)."""
    return (passing * 20_000 + checked) // (2 * checked)


def criterion_score(checked: int, passing: int) -> Decimal | None:
    """The share of checked records that passed, 0–100 to the hundredth (half up); None when
    nothing was checked (no evidence)."""
    if checked <= 0:
        return None
    return Decimal(_hundredths(checked, passing)).scaleb(-2)


def grade_of(method: Method, score: Decimal) -> str:
    """The grade of the band `score` falls in (the highest whose minimum it reaches)."""
    for band in method.bands:
        if score >= band.minimum:
            return band.grade
    return method.bands[-1].grade


def band_of(method: Method, grade: str) -> tuple[Decimal, Decimal | None]:
    """The scores a grade covers: from its minimum up to (not including) the next band's,
    None above the highest."""
    upper: Decimal | None = None
    for band in method.bands:
        if band.grade == grade:
            return band.minimum, upper
        upper = band.minimum
    raise KeyError(grade)


def score(method: Method, evidence: Iterable[Evidence]) -> Scored:
    """A database's score from its evidence by `method`."""
    checked = dict.fromkeys(CRITERIA, 0)
    passing = dict.fromkeys(CRITERIA, 0)
    for found in evidence:
        checked[found.criterion] += found.checked
        passing[found.criterion] += found.passing
    shares = {
        name: _hundredths(checked[name], passing[name]) if checked[name] > 0 else None
        for name in CRITERIA
    }
    # Σ weight × share ÷ 100 (the weights sum to 100), to the hundredth, half up.
    weighted = sum(method.weights[name] * (shares[name] or 0) for name in CRITERIA)
    total = Decimal((2 * weighted + WEIGHT_TOTAL) // (2 * WEIGHT_TOTAL)).scaleb(-2)
    criteria = {
        name: None if share is None else Decimal(share).scaleb(-2) for name, share in shares.items()
    }
    return Scored(method=method.code, criteria=criteria, score=total, grade=grade_of(method, total))
