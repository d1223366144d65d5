"""The evaluation sheets of a year: per ministry, agency and province, the figures of each
criterion (each linked to the list it counts where one exists), the score, the band of the
scheme in force and the proposals. A running year is judged as of today, a past year as of
31/12; a year to come has no sheet. Who may see which sheet is asked here, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse

from nq57.accounts.access import scope_of
from nq57.commitments.selectors import CommitmentTally, commitment_tally
from nq57.core.actors import Actor
from nq57.orgs.choices import OrgGroup
from nq57.orgs.models import Organization
from nq57.orgs.selectors import root_ids, top_level_orgs
from nq57.web.public_ranking import public_list_url

from .models import BandScheme
from .rules import (
    Band,
    Facts,
    Reason,
    Scheme,
    Score,
    band_of,
    criticism_reasons,
    reward_reasons,
    scheme_on,
    score_of,
)
from .sources import Sources, sources


def evaluation_day(year: int, today: date) -> date:
    """The day a year is judged as of: today while it runs, 31/12 once past; Http404 for a
    year to come (nothing to judge yet)."""
    if year > today.year or year < 2000:
        raise Http404
    return today if year == today.year else date(year, 12, 31)


def scheme_in_force(as_of: date) -> Scheme | None:
    """The band scheme in force on `as_of` among those loaded (one query)."""
    return scheme_on([row.as_scheme() for row in BandScheme.objects.all()], as_of)


@dataclass(frozen=True)
class Figure:
    """One figure of a sheet: its value, what it is out of, and the list it counts."""

    value: Any
    url: str | None = None


@dataclass(frozen=True)
class Sheet:
    """An organisation's evaluation for a year as of a day, under one scheme version."""

    org: Organization
    year: int
    as_of: date
    scheme_version: str
    components: dict[str, Decimal | None]
    score: Score
    band: Band | None
    figures: dict[str, Figure]
    rewards: list[Reason] = field(default_factory=list)
    criticism: list[Reason] = field(default_factory=list)

    @property
    def is_classified(self) -> bool:
        return self.band is not None


@dataclass(frozen=True)
class YearEvaluation:
    """Every sheet of a year, ministries and agencies first, then provinces."""

    year: int
    as_of: date
    scheme: Scheme | None
    groups: dict[str, list[Sheet]]

    @property
    def sheets(self) -> list[Sheet]:
        return [sheet for group in self.groups.values() for sheet in group]

    def band_counts(self) -> dict[str, int]:
        counts = {band.value: 0 for band in Band}
        for sheet in self.sheets:
            if sheet.band is not None:
                counts[sheet.band.value] += 1
        return counts


def _commitments(year: int) -> dict[int, CommitmentTally]:
    """The commitments judged for `year`, added up per top-level organisation (a commitment
    of a body under it counts for it, as its tasks do)."""
    roots = root_ids()
    found: dict[int, CommitmentTally] = {}
    for org_id, tally in commitment_tally(year).items():
        before = found.get(roots[org_id], CommitmentTally(0, 0, 0, 0))
        found[roots[org_id]] = CommitmentTally(
            before.judged + tally.judged,
            before.kept + tally.kept,
            before.partly + tally.partly,
            before.broken + tally.broken,
        )
    return found


def _task_figures(org: Organization, found: Sources, as_of: date) -> dict[str, Figure]:
    counts = found.tasks.get(org.pk)
    if counts is None:
        return {}
    return {
        name: Figure(getattr(counts, name), public_list_url(org.code, status=name, as_of=as_of))
        for name in ("completed_on_time", "completed_late", "overdue", "in_progress", "total")
    } | {
        "fallen_due": Figure(
            counts.completed + counts.overdue,
            public_list_url(org.code, status="fallen_due", as_of=as_of),
        )
    }


def _figures(
    org: Organization, year: int, as_of: date, found: Sources, tally: CommitmentTally | None
) -> dict[str, Figure]:
    day = urlencode({"as_of": as_of.isoformat()})
    figures = _task_figures(org, found, as_of)
    reporting = found.reporting.get(org.pk)
    if reporting is not None:
        figures["reports_fresh"] = Figure(reporting.part)
        figures["reports_open"] = Figure(
            reporting.whole, public_list_url(org.code, status="open", as_of=as_of)
        )
    readiness = found.readiness.get(org.pk)
    if readiness is not None:
        figures["databases"] = Figure(
            readiness.databases,
            f"{reverse('registry:readiness_databases', args=[org.code])}?{day}",
        )
    money = found.budget.get(org.pk)
    if money is not None:
        budget_url = f"{reverse('budget:org', args=[org.code])}?{day}"
        figures["approved"] = Figure(money.approved, budget_url)
        figures["disbursed"] = Figure(money.disbursed, budget_url)
    answers = found.feedback.get(org.pk)
    if answers is not None:
        figures["answers_on_time"] = Figure(answers.part)
        figures["answers_due"] = Figure(answers.whole)
    if tally is not None:
        for name in ("judged", "kept", "partly", "broken"):
            figures[f"commitments_{name}"] = Figure(getattr(tally, name))
    return figures


def _components(
    org_id: int, found: Sources, tally: CommitmentTally | None
) -> dict[str, Decimal | None]:
    reporting = found.reporting.get(org_id)
    answers = found.feedback.get(org_id)
    kept = None
    if tally is not None and tally.judged:
        # A commitment partly kept counts half (the scheme may say otherwise one day).
        kept = (Decimal(tally.kept) + Decimal(tally.partly) / 2) * 100 / tally.judged
    return {
        "tasks": found.task_rate(org_id),
        "commitments": kept,
        "indicators": found.indicators.get(org_id),
        "reporting": None if reporting is None else reporting.rate,
        "readiness": found.readiness_score(org_id),
        "budget": found.budget_rate(org_id),
        "feedback": None if answers is None else answers.rate,
    }


def _sheet(
    org: Organization,
    year: int,
    as_of: date,
    scheme: Scheme,
    found: Sources,
    tally: CommitmentTally | None,
) -> Sheet:
    components = _components(org.pk, found, tally)
    score = score_of(components, scheme.weights)
    # Scores are shown to 0.01: two organisations that read the same fall in the same band.
    shown = None if score.value is None else score.value.quantize(Decimal("0.01"))
    band = None if shown is None else band_of(shown, scheme)
    counts = found.tasks.get(org.pk)
    facts = Facts(
        band=band,
        score=shown,
        components=components,
        overdue_tasks=counts.overdue if counts is not None else 0,
        broken_commitments=None if tally is None else tally.broken,
    )
    return Sheet(
        org=org,
        year=year,
        as_of=as_of,
        scheme_version=scheme.version,
        components=components,
        score=Score(shown, score.applied, score.not_applicable),
        band=band,
        figures=_figures(org, year, as_of, found, tally),
        rewards=reward_reasons(facts),
        criticism=criticism_reasons(facts, scheme),
    )


def _evaluated_orgs() -> list[Organization]:
    """Ministries, agencies and provinces: the top level, the steering committees aside."""
    return list(top_level_orgs().exclude(kind="steering_committee").order_by("path"))


def year_evaluation(year: int, today: date, only: Organization | None = None) -> YearEvaluation:
    """Every sheet of `year` (or only `only`'s), judged as of `evaluation_day`; with no scheme
    in force on that day, no sheet (the page says so)."""
    as_of = evaluation_day(year, today)
    scheme = scheme_in_force(as_of)
    orgs = _evaluated_orgs()
    groups: dict[str, list[Sheet]] = {OrgGroup.CENTRAL: [], OrgGroup.LOCAL: []}
    if scheme is None:
        return YearEvaluation(year, as_of, None, groups)
    found = sources(year, as_of, orgs if only is None else [only])
    tallies = _commitments(year)
    for org in orgs if only is None else [only]:
        sheet = _sheet(org, year, as_of, scheme, found, tallies.get(org.pk))
        groups.setdefault(org.group, []).append(sheet)
    for sheets in groups.values():
        sheets.sort(key=lambda s: (s.score.value is None, -(s.score.value or 0), s.org.name))
    return YearEvaluation(year, as_of, scheme, groups)


def may_see_all(actor: Actor) -> bool:
    """The secretariat and the inspection bodies see every sheet and the proposals."""
    return scope_of(actor).everything


def get_org_for_sheet(actor: Actor, code: str) -> Organization:
    """The evaluated organisation `code` if `actor` may see its sheet: everyone's for those
    who see all, their own for its officials (a membership at the organisation itself); Http404
    otherwise, so that missing and forbidden look alike."""
    org = top_level_orgs().exclude(kind="steering_committee").filter(code=code).first()
    if org is None:
        raise Http404
    scope = scope_of(actor)
    if not (scope.everything or org.path in scope.paths):
        raise Http404
    return org
