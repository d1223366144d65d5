"""Indicator pages: thin adapters from query strings and forms to selectors and services."""

from __future__ import annotations

import io
from collections.abc import Collection

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from nq57.core.errors import DomainError, ValidationFailed
from nq57.core.exchange import Column, Flavour, ImportRejected, Layout, write_xlsx
from nq57.core.periods import Period, PeriodType, parse_period

from . import permissions, selectors, services
from .choices import ProgressStatus, SubmissionStatus
from .models import Submission
from .selectors.figures import NOT_YET_APPROVED


def _period(request: HttpRequest, default: PeriodType = PeriodType.YEAR) -> Period:
    """The period of the query string, or the current one of `default`'s kind."""
    period, problem = selectors.period_or_current(
        request.GET.get("period", ""), default, today=timezone.localdate()
    )
    if problem:
        messages.error(request, problem)
    return period


def _asked_period(request: HttpRequest) -> Period | None:
    """The period of the query string (a code: links and bookmarks keep working), or None
    when none is asked (or it is not understood: the problem is shown)."""
    if not request.GET.get("period", "").strip():
        return None
    return _period(request)


def _period_groups(
    kinds: Collection[PeriodType | str], selected: Period | None
) -> list[selectors.PeriodGroup]:
    """The named periods a page's select offers, up to the current ones."""
    return selectors.period_options(kinds, today=timezone.localdate(), selected=selected)


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    """A card per indicator: the national figure with its target and judgement, and the
    figures of the central and local groups; at first for the latest period with data."""
    period, board = selectors.overview(_asked_period(request), today=timezone.localdate())
    context = {
        "board": board,
        "period": period,
        "period_groups": _period_groups(PeriodType, period),
    }
    return render(request, "indicators/overview.html", context)


@login_required
def detail_page(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator: its trend through the year, the table of organisations one level below
    the one chosen (ministries and provinces at first), and the values behind a figure."""
    indicator = selectors.get_indicator(code)
    period = _asked_period(request) or selectors.opening_period(
        [indicator], today=timezone.localdate()
    )
    try:
        scope = selectors.scope_from(request.GET.get("org") or None)
        period = selectors.period_for(indicator, period.code)
    except ValidationFailed as failure:
        messages.error(request, failure.message)
        scope = selectors.scope_from()
    page = selectors.indicator_page(
        request.user, indicator, period, scope, today=timezone.localdate()
    )
    answers = [point.as_dict() for point in page.trend]
    trend_chart = {
        "labels": [parse_period(answer["period"]).label for answer in answers],
        "values": [answer["value"] for answer in answers],
        "name": indicator.name,
        "unit": indicator.unit,
        "target": page.total.figure.as_dict()["target"],
        "target_label": _("Target"),
    }
    context = {
        "page": page,
        "period": period,
        "trend_chart": trend_chart,
        "period_groups": _period_groups(selectors.kinds_from(indicator.period_type), period),
    }
    return render(request, "indicators/detail.html", context)


def _progress_label(status: str) -> str:
    if status == NOT_YET_APPROVED:
        return _("Not yet approved")
    return str(ProgressStatus(status).label)


# The detail page's table, for people to read: numbers are typed cells, grouped.
EXPORT = Layout(
    "indicator",
    (
        Column("code", label=gettext_lazy("Organisation code")),
        Column("organisation", label=gettext_lazy("Organisation")),
        Column("value", typed=True, label=gettext_lazy("Value")),
        Column("numerator", typed=True, label=gettext_lazy("Numerator")),
        Column("denominator", typed=True, label=gettext_lazy("Denominator")),
        Column("target", typed=True, label=gettext_lazy("Target")),
        Column("progress_status", label=gettext_lazy("Progress"), show=_progress_label),
    ),
)


@login_required
def export_xlsx(request: HttpRequest, code: str) -> FileResponse:
    """The detail page's table as a workbook."""
    indicator = selectors.get_indicator(code)
    try:
        period = selectors.period_for(indicator, _period(request).code)
        scope = selectors.scope_from(request.GET.get("org") or None)
    except ValidationFailed:
        raise Http404 from None
    page = selectors.indicator_page(
        request.user, indicator, period, scope, today=timezone.localdate()
    )
    rows = [
        {
            "code": row.code,
            "organisation": row.name,
            "value": row.figure.as_dict()["value"],
            "numerator": row.figure.as_dict()["numerator"],
            "denominator": row.figure.as_dict()["denominator"],
            "target": row.figure.as_dict()["target"],
            "progress_status": row.figure.as_dict()["progress_status"]
            or ("" if not row.figure.is_withheld else NOT_YET_APPROVED),
        }
        for row in [page.total, *page.rows]
    ]
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, EXPORT, Flavour.PEOPLE)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{code}-{period.code}.xlsx")


@login_required
def entry_page(request: HttpRequest) -> HttpResponse:
    """An organisation's form for a period: every data element of the data set, saved all
    together or not at all, then submitted to the monitoring organisation."""
    params = request.GET if request.method == "GET" else request.POST
    choice = selectors.entry_choice(request.user, params)
    problems: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST" and choice.ready:
        assert choice.dataset is not None  # nosec B101  # narrows a type for mypy; no check rests on it
        assert choice.org is not None  # nosec B101  # narrows a type for mypy; no check rests on it
        assert choice.period  # nosec B101  # narrows a type for mypy; no check rests on it
        if choice.submission is not None and choice.submission.is_read_only:
            # Said here by the form's name; values_save refuses them too, by each value.
            messages.error(request, _read_only_refusal(choice.submission))
            context = {"choice": choice, "problems": problems, "posted": posted}
            return render(request, "indicators/entry.html", context)
        posted = {e.code: request.POST.get(f"value-{e.code}", "").strip() for e in choice.elements}
        try:
            if request.POST.get("action") == "submit":
                services.submission_submit(
                    request.user,
                    dataset=choice.dataset,
                    org=choice.org,
                    period=choice.period,
                    today=timezone.localdate(),
                )
                messages.success(request, _("The form was sent to the monitoring organisation."))
            else:
                report = services.values_save(
                    request.user,
                    inputs=[
                        services.ValueInput(
                            element=code,
                            period=choice.period.code,
                            org=choice.org.code,
                            value=value,
                        )
                        for code, value in posted.items()
                        if value != ""
                    ],
                    many=False,
                )
                messages.success(
                    request,
                    _("Saved: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                    % {
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                    },
                )
            return redirect(f"{reverse('indicators:entry')}?{choice.query}")
        except ImportRejected as failure:
            problems = _problems_by_element(failure)
            messages.error(request, _("Nothing was saved: correct the values marked below."))
        except DomainError as failure:
            messages.error(request, failure.message)
    context = {"choice": choice, "problems": problems, "posted": posted}
    context["period_groups"] = _period_groups(
        [choice.dataset.period_type]
        if choice.dataset
        else {d.period_type for d in choice.datasets},
        choice.period,
    )
    return render(request, "indicators/entry.html", context)


def _read_only_refusal(submission: Submission) -> str:
    """Why nothing was saved: the form was sent for approval (until it is returned) or
    approved (for good), named so the user knows which."""
    day = submission.decided_on if submission.is_locked else submission.submitted_on
    names = {
        "form": submission.dataset.name,
        "org": submission.org.name,
        "period": submission.period,
        "day": date_format(day, "SHORT_DATE_FORMAT") if day else "—",
    }
    if submission.is_locked:
        return (
            _(
                "Nothing was saved: the form “%(form)s” of %(org)s for %(period)s was approved "
                "on %(day)s; its values are locked."
            )
            % names
        )
    return (
        _(
            "Nothing was saved: the form “%(form)s” of %(org)s for %(period)s was sent for "
            "approval on %(day)s; its values cannot change until the monitoring organisation "
            "returns it."
        )
        % names
    )


def _problems_by_element(failure: ImportRejected) -> dict[str, list[str]]:
    """The form has one row per data element: a value's problems go beside it."""
    found: dict[str, list[str]] = {}
    for element, message in failure.by_key:
        found.setdefault(element, []).append(message)
    return found


@login_required
def forms_page(request: HttpRequest) -> HttpResponse:
    """Completeness of a data set's forms for a period: expected, submitted, on time, by
    organisation, with those missing; the monitoring organisation decides from here."""
    page = selectors.forms_page(
        request.user,
        dataset=request.GET.get("dataset", ""),
        period=request.GET.get("period", ""),
        org=request.GET.get("org", ""),
        today=timezone.localdate(),
    )
    for problem in page.problems:
        messages.error(request, problem)
    context = {
        "datasets": page.datasets,
        "dataset": page.dataset,
        "period": page.period,
        "scope": page.scope,
        "whole": page.whole,
        "rows": page.rows,
        "missing": page.missing[:200],
        "missing_count": len(page.missing),
        "pending": page.pending,
        "period_groups": _period_groups([page.dataset.period_type], page.period),
    }
    return render(request, "indicators/forms.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decide_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or return a submitted form, through a page that shows its values and the
    reason typed first: the forms page's buttons (or a GET) lead there, and only its Confirm
    (`confirmed=1`) decides. Those who may not decide, or a form no longer waiting, are told
    so on the forms page."""
    submission = selectors.get_submission_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET
    action = "approve" if data.get("action") == "approve" else "return"
    reason = data.get("reason", "").strip()
    back = _forms_url(submission)
    refusal = _cannot_decide(request, submission)
    if refusal:
        messages.error(request, refusal)
        return redirect(back)
    if action == "return" and not reason and request.method == "POST":
        messages.error(request, _("Give the reason."))
        return redirect(back)
    if request.method == "GET" or data.get("confirmed") != "1":
        context = {
            "form": selectors.form_with_values(submission),
            "action": action,
            "reason": reason,
            "back_url": back,
        }
        return render(request, "indicators/confirm_form.html", context)
    try:
        if action == "approve":
            services.submission_approve(
                request.user, submission=submission, today=timezone.localdate()
            )
            messages.success(request, _("The form was approved; its values are locked."))
        else:
            services.submission_return(
                request.user, submission=submission, reason=reason, today=timezone.localdate()
            )
            messages.success(request, _("The form was returned with the reason."))
    except DomainError as failure:
        messages.error(request, failure.message)
    return redirect(back)


def _cannot_decide(request: HttpRequest, submission: Submission) -> str:
    """Why the user cannot decide on the form now, as the services would say; empty if they
    can (the services ask again when the decision is taken)."""
    if not permissions.can_approve_for(request.user, submission.dataset):
        return _("Only the monitoring organisation decides on this form.")
    if submission.status != SubmissionStatus.SUBMITTED:
        return _("Only a submitted form can be approved or returned.")
    return ""


def _forms_url(submission: Submission) -> str:
    query = f"dataset={submission.dataset.code}&period={submission.period}"
    return f"{reverse('indicators:forms')}?{query}"
