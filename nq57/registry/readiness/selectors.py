"""The readiness ranking's figures as of a day, for every top-level organisation at once:
each part read in one query (databases and their standing, quality scores, sharing requests),
then counted per ministry or province in Python. Nothing here reads who looks: the ranking is
public and the same for everyone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from nq57.core.ranking import rank_by_score
from nq57.orgs.choices import OrgGroup
from nq57.orgs.models import Organization
from nq57.orgs.selectors import root_ids, top_level_orgs

from ..quality.selectors.owners import ScoreSum, official_sums_by_owner
from ..selectors import standing_by_owner
from ..sharing.selectors import sharing_figures
from .method import readiness_method
from .rules import ReadinessCounts, components, readiness_score


@dataclass(frozen=True)
class ReadinessRow:
    """A ministry's or province's place: rank (None: no score), counts, components, score."""

    rank: int | None
    org: Organization
    counts: ReadinessCounts
    components: dict[str, Decimal | None]
    score: Decimal | None


def _database_counts(as_of: date, roots: dict[int, int]) -> dict[int, dict[str, int]]:
    """Per top-level organisation: its databases with a status by `as_of`, how many were
    formed then, and how many connected to the sharing platform by then."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for owner, (total, formed, connected) in standing_by_owner(as_of).items():
        found = counts[roots[owner]]
        found["databases"] += total
        found["formed"] += formed
        found["connected"] += connected
    return counts


def _quality_sums(as_of: date, roots: dict[int, int]) -> dict[int, ScoreSum]:
    """Per top-level organisation: its databases with an official quality score by `as_of`,
    and those scores added up."""
    found: dict[int, ScoreSum] = {}
    for owner, owned in official_sums_by_owner(as_of).items():
        before = found.get(roots[owner], ScoreSum())
        found[roots[owner]] = ScoreSum(before.scored + owned.scored, before.total + owned.total)
    return found


def _request_counts(as_of: date, roots: dict[int, int]) -> dict[int, dict[str, int]]:
    """Per top-level organisation: the data sharing requests it and the bodies under it were
    sent, as of `as_of`."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for provider, figures in sharing_figures(as_of).items():
        found = counts[roots[provider]]
        for ours, theirs in REQUEST_FIGURES.items():
            found[ours] += getattr(figures, theirs)
    return counts


# The readiness counts the sharing figures give: ours → theirs.
REQUEST_FIGURES = {
    "due": "due",
    "on_time": "answered_on_time",
    "answered": "answered",
    "granted": "granted_at_once",
    "refused": "refused",
    "overruled": "refusals_overruled",
}


def readiness_counts(as_of: date) -> dict[int, ReadinessCounts]:
    """Per top-level organisation id, what its readiness as of `as_of` is computed from."""
    roots = root_ids()
    databases = _database_counts(as_of, roots)
    quality = _quality_sums(as_of, roots)
    asked = _request_counts(as_of, roots)
    found: dict[int, ReadinessCounts] = {}
    for org in set(databases) | set(quality) | set(asked):
        found[org] = ReadinessCounts(
            **databases.get(org, {}),
            **asked.get(org, {}),
            assessed=quality.get(org, ScoreSum()).scored,
            quality_total=quality.get(org, ScoreSum()).total,
        )
    return found


def readiness_ranking(as_of: date) -> dict[str, list[ReadinessRow]]:
    """Ministries and agencies, and provinces, each ranked among their own group by the
    method in force (`readiness_method`); organisations with nothing to measure come last,
    unranked."""
    weights = readiness_method().weights
    counts = readiness_counts(as_of)
    result: dict[str, list[ReadinessRow]] = {}
    orgs = list(top_level_orgs().exclude(kind="steering_committee").order_by("path"))
    for group in (OrgGroup.CENTRAL, OrgGroup.LOCAL):
        rows = []
        for org in orgs:
            if org.group != group:
                continue
            own = counts.get(org.pk, ReadinessCounts())
            rows.append(
                ReadinessRow(None, org, own, components(own), readiness_score(own, weights))
            )
        ranked = rank_by_score(rows, score=lambda row: row.score, name=lambda row: row.org.name)
        result[group] = [replace(placed.item, rank=placed.rank) for placed in ranked]
    return result
