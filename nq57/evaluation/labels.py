"""The words the pages and the documents give the bands, criteria, figures and reasons."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .rules import Band, Reason

BANDS = {
    Band.EXCELLENT: _("Excellently completed its tasks"),
    Band.GOOD: _("Well completed its tasks"),
    Band.DONE: _("Completed its tasks"),
    Band.NOT_DONE: _("Did not complete its tasks"),
}
CRITERIA = {
    "tasks": _("Tasks completed on time"),
    "commitments": _("Commitments kept"),
    "indicators": _("Indicator targets reached"),
    "reporting": _("Progress reported on time"),
    "readiness": _("Data readiness"),
    "budget": _("Budget disbursed"),
    "feedback": _("Citizens answered on time"),
}
FIGURES = {
    "completed_on_time": _("Completed on time"),
    "completed_late": _("Completed late"),
    "overdue": _("Overdue"),
    "in_progress": _("In progress within deadline"),
    "total": _("Tasks counted"),
    "fallen_due": _("Tasks fallen due"),
    "reports_fresh": _("Open tasks reported on lately"),
    "reports_open": _("Open tasks"),
    "databases": _("Databases"),
    "approved": _("Budget approved (million VND)"),
    "disbursed": _("Budget disbursed (million VND)"),
    "answers_on_time": _("Citizen items answered on time"),
    "answers_due": _("Citizen items due"),
    "commitments_judged": _("Commitments judged"),
    "commitments_kept": _("Commitments kept in full"),
    "commitments_partly": _("Commitments partly kept"),
    "commitments_broken": _("Commitments broken"),
}


def _number(value: object) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def reason_text(reason: Reason) -> str:
    """A reason in words, naming its figures."""
    figures = reason.figures
    if reason.code == "band":
        return str(_("Score %(score)s") % {"score": _number(figures.get("score"))})
    if reason.code == "overdue_tasks":
        return str(
            _("%(count)s overdue tasks, above the limit of %(limit)s")
            % {"count": figures["count"], "limit": figures["limit"]}
        )
    if reason.code == "broken_commitments":
        return str(
            _("%(count)s broken commitments, above the limit of %(limit)s")
            % {"count": figures["count"], "limit": figures["limit"]}
        )
    criterion = reason.code.removeprefix("criterion:")
    return f"{CRITERIA.get(criterion, criterion)}: {_number(figures.get('value'))}"
