"""Evaluation pages. The secretariat and the inspection see the year, every sheet and the
proposals; an organisation's officials see their own sheet; anyone else gets 404. Thin:
parse, call the selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .labels import BANDS, CRITERIA, FIGURES
from .selectors import get_org_for_sheet, may_see_all, year_evaluation

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _labels() -> dict[str, object]:
    return {"band_labels": BANDS, "criterion_labels": CRITERIA, "figure_labels": FIGURES}


@login_required
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    """Every organisation of the year: band, score, the criteria, a link to its sheet."""
    if not may_see_all(request.user):
        raise Http404
    evaluation = year_evaluation(year, timezone.localdate())
    return render(request, "evaluation/year.html", {"evaluation": evaluation, **_labels()})


@login_required
def sheet_page(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """One organisation's sheet: each criterion, the figures it rests on, the proposals."""
    org = get_org_for_sheet(request.user, code)
    evaluation = year_evaluation(year, timezone.localdate(), only=org)
    sheet = evaluation.sheets[0] if evaluation.sheets else None
    context = {"evaluation": evaluation, "org": org, "sheet": sheet, **_labels()}
    return render(request, "evaluation/sheet.html", context)


@login_required
def proposals_page(request: HttpRequest, year: int) -> HttpResponse:
    """The proposals for rewards and for criticism, each with its reasons."""
    if not may_see_all(request.user):
        raise Http404
    evaluation = year_evaluation(year, timezone.localdate())
    return render(request, "evaluation/proposals.html", {"evaluation": evaluation, **_labels()})


@login_required
def export(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """The year's sheets as XLSX, or as a PDF left unsigned (the signer signs it with the
    command on their own machine)."""
    if not may_see_all(request.user) or kind not in CONTENT_TYPES:
        raise Http404
    evaluation = year_evaluation(year, timezone.localdate())
    # The documents module loads openpyxl (and NumPy): with the first document, not the URLs.
    from .documents import evaluation_pdf, evaluation_xlsx

    content = evaluation_xlsx(evaluation) if kind == "xlsx" else evaluation_pdf(evaluation)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    name = f"danh-gia-nq57-{year}-{evaluation.as_of.isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
