"""Data quality pages: the ranking (databases and owners, as of a date, method stated, XLSX),
one database's quality, the owners' entry and upload, the assessor's verification queue.
Thin: parse, call the selector or the service, render."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.accounts.access import is_secretariat
from nq57.core.dates import day_param
from nq57.core.errors import DomainError
from nq57.core.exchange import Column, Flavour, ImportRejected, Layout, write_xlsx
from nq57.core.paging import PageRequest

from ..exchange.quality import QUALITY_CHECKS, quality_checks_import
from ..models import CheckResult, Database
from ..quality import services
from ..quality.choices import Criterion
from ..quality.permissions import is_assessor, recordable_databases
from ..quality.rules import CRITERIA
from ..quality.selectors.database import database_quality
from ..quality.selectors.ranking import quality_ranking

QUEUE_SIZE = 200
PAGE_SIZE = 50  # databases per page of the ranking


def _as_of(request: HttpRequest) -> date:
    """The day of the query string; a problem is shown and today used instead."""
    try:
        return day_param(request.GET, "as_of") or timezone.localdate()
    except ValueError as exc:
        messages.error(request, str(exc))
        return timezone.localdate()


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _methods_shown(methods: list[Any]) -> list[dict[str, Any]]:
    """Each method with its criteria's weights and checks, and its bands, in the page's
    language."""
    language = _language()
    shown = []
    for method in methods:
        criteria = method.definition["criteria"]
        shown.append(
            {
                "method": method,
                "criteria": [
                    {
                        "label": Criterion(name).label,
                        "weight": criteria[name]["weight"],
                        "measures": criteria[name]["measures"].get(language, ""),
                    }
                    for name in CRITERIA
                ],
                "bands": [
                    {
                        "grade": band["grade"],
                        "min": band["min"],
                        "label": band.get("label", {}).get(language, ""),
                    }
                    for band in method.definition["bands"]
                ],
            }
        )
    return shown


@login_required
def ranking_page(request: HttpRequest) -> HttpResponse:
    """Databases ranked by their official quality score as of a date, a page of them at a
    time, and owners by the mean of their databases' official scores; the methods used
    stated."""
    as_of = _as_of(request)
    owner = (request.GET.get("owner") or "").strip()
    ranking = quality_ranking(
        as_of, owner=owner, page=PageRequest(request.GET.get("page"), PAGE_SIZE)
    )
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "registry/quality_ranking.html",
        {
            "as_of": as_of,
            "owner": owner,
            "ranking": ranking,
            "params": kept.urlencode(),
            "methods": _methods_shown(ranking.methods),
            "criteria": [(name, Criterion(name).label) for name in CRITERIA],
        },
    )


def _grade(value: Any) -> str:
    return str(value or "")


EXPORT = Layout(
    "quality",
    (
        Column("rank", typed=True, label=gettext_lazy("Rank")),
        Column("code", label=gettext_lazy("Code")),
        Column("name", label=gettext_lazy("Database")),
        Column("owner", label=gettext_lazy("Owner")),
        Column("period", label=gettext_lazy("Period")),
        Column("method", label=gettext_lazy("Method")),
        Column("score", typed=True, label=gettext_lazy("Official score")),
        Column("grade", label=gettext_lazy("Grade"), show=_grade),
        Column("provisional", typed=True, label=gettext_lazy("Provisional score")),
        *(Column(name, typed=True, label=Criterion(name).label) for name in CRITERIA),
    ),
)


@login_required
def export_xlsx(request: HttpRequest) -> FileResponse:
    """The ranking of databases as a workbook: every one the page lists, over all its pages,
    with the same ranks and figures."""
    as_of = _as_of(request)
    ranking = quality_ranking(as_of, owner=(request.GET.get("owner") or "").strip())
    rows = []
    for placed in ranking.databases:
        row = placed.item
        quality = row.quality
        official = quality if quality is not None and quality.verified else None
        provisional = (
            quality.provisional.score
            if quality is not None and quality.provisional is not None
            else (quality.score if quality is not None and not quality.verified else None)
        )
        rows.append(
            {
                "rank": placed.rank,
                "code": row.code,
                "name": row.name,
                "owner": row.owner_name,
                "period": quality.period if quality else "",
                "method": quality.method if quality else "",
                "score": official.score if official else None,
                "grade": official.grade if official else "",
                "provisional": provisional,
                **{name: (official.criteria[name] if official else None) for name in CRITERIA},
            }
        )
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, EXPORT, Flavour.PEOPLE)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"quality-{as_of.isoformat()}.xlsx")


@login_required
def database_page(request: HttpRequest, code: str) -> HttpResponse:
    """One database's quality: each criterion with its evidence and what failed, the trend."""
    database = get_object_or_404(Database.objects.select_related("owner"), code=code)
    as_of = _as_of(request)
    page = database_quality(database, as_of, period=request.GET.get("period") or None)
    language = _language()
    bands = page.method.definition["bands"] if page.method else []
    shown = page.official or page.provisional
    return render(
        request,
        "registry/database_quality.html",
        {
            "as_of": as_of,
            "page": page,
            "language": language,
            "criteria": [
                (
                    detail,
                    Criterion(detail.criterion).label,
                    detail.measures.get(language, ""),
                    shown.criteria.get(detail.criterion) if shown else None,
                )
                for detail in page.criteria
            ],
            "bands": [(b["grade"], b["min"], b.get("label", {}).get(language, "")) for b in bands],
            "may_record": recordable_databases(request.user).filter(pk=database.pk).exists(),
        },
    )


def _int(value: Any) -> int:
    try:
        return int(str(value or "").strip())
    except ValueError:
        return -1  # refused by the service with its message


@login_required
def entry_page(request: HttpRequest) -> HttpResponse:
    """An owner records a check result of one of its databases, or uploads a file of them
    (all or nothing). Another organisation's database answers 404."""
    allowed = recordable_databases(request.user)
    if not allowed.exists():
        raise Http404
    params = request.POST if request.method == "POST" else request.GET
    chosen = (params.get("database") or "").strip()
    database = None
    if chosen:
        database = allowed.filter(code=chosen).first()
        if database is None:
            raise Http404
    context: dict[str, Any] = {
        "databases": allowed.order_by("code"),
        "chosen": chosen,
        "criteria": Criterion.choices,
        "header": ",".join(QUALITY_CHECKS.keys),
        "posted": params,
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is not None:
            try:
                report = quality_checks_import(request.user, upload.file)  # type: ignore[arg-type]
            except ImportRejected as failure:
                context["problems"] = failure.report.problems
                return render(request, "registry/quality_entry.html", context, status=400)
            messages.success(
                request,
                _("Imported %(rows)s rows: %(created)s recorded, %(unchanged)s unchanged.")
                % {"rows": report.rows, "created": report.created, "unchanged": report.unchanged},
            )
            return redirect("registry:quality_entry")
        if database is None:
            context["problems"] = [_("Choose a database.")]
            return render(request, "registry/quality_entry.html", context, status=400)
        try:
            _result, created = services.check_result_record(
                request.user,
                database=database,
                period=str(params.get("period") or ""),
                criterion=str(params.get("criterion") or ""),
                records_checked=_int(params.get("records_checked")),
                records_passing=_int(params.get("records_passing")),
            )
        except DomainError as failure:
            context["problems"] = [failure.message]
            return render(request, "registry/quality_entry.html", context, status=400)
        if created:
            messages.success(request, _("The check result was recorded."))
        else:
            messages.info(request, _("The same result was already recorded; nothing changed."))
        return redirect("registry:database_quality", code=database.code)
    return render(request, "registry/quality_entry.html", context)


def _require_assessor(request: HttpRequest) -> None:
    if not is_assessor(request.user):
        raise Http404


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    """The assessing body's queue: results waiting for verification, oldest first (the
    secretariat sees it too, without the buttons)."""
    if not is_secretariat(request.user):
        _require_assessor(request)
    waiting = (
        CheckResult.objects.filter(verified_at__isnull=True, superseded_by__isnull=True)
        .select_related("database", "database__owner", "recorded_by")
        .order_by("recorded_at", "pk")
    )
    return render(
        request,
        "registry/quality_queue.html",
        {
            "waiting": waiting[:QUEUE_SIZE],
            "total": waiting.count(),
            "may_decide": is_assessor(request.user),
        },
    )


def _result_for_assessor(request: HttpRequest, pk: int) -> CheckResult:
    _require_assessor(request)
    return get_object_or_404(CheckResult.objects.select_related("database"), pk=pk)


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_for_assessor(request, pk)
    try:
        services.check_result_verify(request.user, result=result)
        messages.success(request, _("The result was verified."))
    except DomainError as failure:
        messages.error(request, failure.message)
    return redirect("registry:quality_queue")


@login_required
@require_POST
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result_for_assessor(request, pk)
    try:
        services.check_result_adjust(
            request.user,
            result=result,
            records_checked=_int(request.POST.get("records_checked")),
            records_passing=_int(request.POST.get("records_passing")),
            reason=request.POST.get("reason") or "",
        )
        messages.success(request, _("The result was adjusted."))
    except DomainError as failure:
        messages.error(request, failure.message)
    return redirect("registry:quality_queue")
