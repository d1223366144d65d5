"""The annual evaluation's rules as plain functions (no database, no clock): what a band scheme
must state, an organisation's score from its criteria, its band, and the proposals for rewards
and for criticism with their reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from nq57.core.ranking import composite

# The criteria of issue 18, item 5, in the order the sheet shows them; each a share 0–100.
CRITERIA = ("tasks", "commitments", "indicators", "reporting", "readiness", "budget", "feedback")


class Band(StrEnum):
    """The four levels the Ministry of Home Affairs uses for organisations, best first."""

    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ
    DONE = "done"  # Hoàn thành nhiệm vụ
    NOT_DONE = "not_done"  # Không hoàn thành nhiệm vụ


# The three lowest scores that reach a band, best band first; below the last: NOT_DONE.
THRESHOLD_BANDS = (Band.EXCELLENT, Band.GOOD, Band.DONE)
CRITICISM_LIMITS = ("overdue_tasks", "broken_commitments")


class SchemeError(ValueError):
    """A band scheme the file or the form states wrongly; the message names version and field."""


@dataclass(frozen=True)
class Scheme:
    """One version of the bands: from when it applies, the text it rests on, each criterion's
    weight, the lowest score of each band, and how many overdue tasks or broken commitments
    call for criticism whatever the band."""

    version: str
    valid_from: date
    source: str
    weights: dict[str, int]
    thresholds: dict[str, Decimal]
    criticism: dict[str, int]


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def scheme_from(data: Mapping[str, Any]) -> Scheme:
    """The scheme a JSON object states; SchemeError naming the version and the field
    otherwise. Thresholds must fall strictly as the bands do (excellent > good > done), each
    from 0 to 100; weights whole numbers from 0 to 100 naming only known criteria, at least
    one above 0."""
    if not isinstance(data, Mapping):
        raise SchemeError("a scheme must be an object")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise SchemeError("a scheme without a version: field 'version' is required")
    where = f"scheme {version}"

    def wrong(field: str, why: str) -> SchemeError:
        return SchemeError(f"{where}, field '{field}': {why}")

    try:
        valid_from = date.fromisoformat(str(data.get("valid_from")))
    except ValueError:
        raise wrong("valid_from", "a date YYYY-MM-DD is required") from None
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise wrong("source", "the text the scheme rests on is required")
    weights = data.get("weights")
    if not isinstance(weights, Mapping) or not weights:
        raise wrong("weights", "an object of criterion: weight is required")
    for name, weight in weights.items():
        if name not in CRITERIA:
            raise wrong(f"weights.{name}", f"unknown criterion (known: {', '.join(CRITERIA)})")
        if not _whole(weight) or not 0 <= weight <= 100:
            raise wrong(f"weights.{name}", "a whole number from 0 to 100 is required")
    if not any(weights.values()):
        raise wrong("weights", "at least one criterion must weigh more than 0")
    thresholds = data.get("thresholds")
    if not isinstance(thresholds, Mapping) or set(thresholds) != {b.value for b in THRESHOLD_BANDS}:
        raise wrong("thresholds", "exactly excellent, good and done are required")
    lowest: dict[str, Decimal] = {}
    for band in THRESHOLD_BANDS:
        value = thresholds[band.value]
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise wrong(f"thresholds.{band.value}", "a number from 0 to 100 is required")
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise wrong(f"thresholds.{band.value}", "a number from 0 to 100 is required") from None
        if not number.is_finite() or not 0 <= number <= 100:
            raise wrong(f"thresholds.{band.value}", "a number from 0 to 100 is required")
        lowest[band.value] = number
    if not lowest["excellent"] > lowest["good"] > lowest["done"]:
        raise wrong("thresholds", "must fall strictly: excellent > good > done")
    criticism = data.get("criticism", {})
    if not isinstance(criticism, Mapping) or not set(criticism) <= set(CRITICISM_LIMITS):
        raise wrong("criticism", f"only {', '.join(CRITICISM_LIMITS)} may be set")
    for name, limit in criticism.items():
        if not _whole(limit) or limit < 0:
            raise wrong(f"criticism.{name}", "a whole number of 0 or more is required")
    return Scheme(
        version=version.strip(),
        valid_from=valid_from,
        source=source.strip(),
        weights={name: int(weight) for name, weight in weights.items()},
        thresholds=lowest,
        criticism={name: int(limit) for name, limit in criticism.items()},
    )


def schemes_from(data: Any) -> list[Scheme]:
    """Every scheme of a bands file ({"schemes": [...]}), versions distinct."""
    if not isinstance(data, Mapping) or not isinstance(data.get("schemes"), list):
        raise SchemeError("the file must be an object with a list 'schemes'")
    schemes = [scheme_from(one) for one in data["schemes"]]
    versions = [scheme.version for scheme in schemes]
    for version in versions:
        if versions.count(version) > 1:
            raise SchemeError(f"scheme {version}, field 'version': stated twice")
    return schemes


def scheme_on(schemes: list[Scheme], day: date) -> Scheme | None:
    """The scheme in force on `day`: the latest valid from that day or earlier."""
    applying = [scheme for scheme in schemes if scheme.valid_from <= day]
    return max(applying, key=lambda s: (s.valid_from, s.version), default=None)


@dataclass(frozen=True)
class Score:
    """A score and how it was reached: the criteria that applied (with data and a weight) and
    the weight each carried once renormalised to add up to 100."""

    value: Decimal | None
    applied: dict[str, Decimal]  # criterion → its effective weight (sums to 100)
    not_applicable: tuple[str, ...]


def score_of(components: Mapping[str, Decimal | None], weights: Mapping[str, int]) -> Score:
    """The weighted mean of the criteria with data; a criterion without data does not apply
    and the weights of the others are renormalised (the sheet says so)."""
    applied = {
        name: weights[name]
        for name in CRITERIA
        if components.get(name) is not None and weights.get(name, 0) > 0
    }
    total = sum(applied.values())
    effective = {name: Decimal(w) * 100 / total for name, w in applied.items()} if total else {}
    missing = tuple(name for name in CRITERIA if weights.get(name, 0) > 0 and name not in applied)
    present = {name: components.get(name) for name in CRITERIA}
    return Score(composite(present, weights), effective, missing)


def band_of(score: Decimal, scheme: Scheme) -> Band:
    """The one band a score from 0 to 100 falls in: the best whose lowest score it reaches."""
    for band in THRESHOLD_BANDS:
        if score >= scheme.thresholds[band.value]:
            return band
    return Band.NOT_DONE


@dataclass(frozen=True)
class Facts:
    """What the proposals name: the organisation's band and the figures behind it."""

    band: Band | None
    score: Decimal | None
    components: dict[str, Decimal | None]
    overdue_tasks: int
    broken_commitments: int | None


@dataclass(frozen=True)
class Reason:
    """One reason of a proposal: a code the page words, and the figures it names."""

    code: str
    figures: dict[str, Any]


def reward_reasons(facts: Facts) -> list[Reason]:
    """Proposed for rewards: the top band; the reasons name the score and each criterion."""
    if facts.band != Band.EXCELLENT:
        return []
    reasons = [Reason("band", {"score": facts.score})]
    reasons += [
        Reason(f"criterion:{name}", {"value": value})
        for name, value in facts.components.items()
        if value is not None
    ]
    return reasons


def criticism_reasons(facts: Facts, scheme: Scheme) -> list[Reason]:
    """Proposed for criticism: the lowest band, or more overdue tasks or broken commitments
    than the scheme tolerates; one reason for each that holds."""
    reasons = []
    if facts.band == Band.NOT_DONE:
        reasons.append(Reason("band", {"score": facts.score}))
    overdue_limit = scheme.criticism.get("overdue_tasks")
    if overdue_limit is not None and facts.overdue_tasks > overdue_limit:
        reasons.append(
            Reason("overdue_tasks", {"count": facts.overdue_tasks, "limit": overdue_limit})
        )
    broken_limit = scheme.criticism.get("broken_commitments")
    broken = facts.broken_commitments
    if broken_limit is not None and broken is not None and broken > broken_limit:
        reasons.append(Reason("broken_commitments", {"count": broken, "limit": broken_limit}))
    return reasons
