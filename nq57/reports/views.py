"""Report pages: /reports/ (an official writes the progress report as of a day and downloads
it; the reports leaders signed, filed by the secretariat), /reports/verify/ (anyone checks a
report file's signature and its figures against the live data). The report is the same
whoever asks: its figures are national. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.accounts.access import is_official, is_secretariat
from nq57.core.errors import ValidationFailed

from .documents.text import report_text
from .forms import FileReportForm, ReportForm, VerifyForm
from .models import IssuedReport
from .sections import report_figures
from .services import report_file
from .stated import stated

# WeasyPrint, python-docx and pyHanko load when a report is written or checked, not with the
# URLs: together they take a second, which every new worker and command would otherwise pay.

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    """The form; with a valid day and format, the report itself as a download."""
    if not is_official(request.user):
        raise Http404
    if "as_of" not in request.GET:
        form = ReportForm(initial={"as_of": timezone.localdate(), "format": "pdf"})
        return _home(request, form)
    form = ReportForm(request.GET)
    if not form.is_valid():
        return _home(request, form, status=400)
    data = form.cleaned_data
    figures = report_figures(data["as_of"], data.get("due_by"))
    record = stated(figures)
    text = report_text(figures)
    kind = data["format"]
    from .documents.office import report_docx, report_xlsx
    from .documents.pdf import report_pdf

    if kind == "docx":
        content = report_docx(text)
    elif kind == "xlsx":
        content = report_xlsx(text, record)
    else:
        content = report_pdf(text, record)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    name = f"bao-cao-nq57-{data['as_of'].isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The issued reports the page lists, the latest first; the archive's older ones stay filed.
ISSUED_LISTED = 50


def _home(
    request: HttpRequest,
    form: ReportForm,
    filing: FileReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    secretariat = is_secretariat(request.user)
    context = {
        "form": form,
        "issued": list(IssuedReport.objects.order_by("-as_of", "-filed_at")[:ISSUED_LISTED]),
        "filing": (filing or FileReportForm()) if secretariat else None,
    }
    return render(request, "reports/home.html", context, status=status)


@login_required
@require_POST
def file_report(request: HttpRequest) -> HttpResponse:
    """The secretariat files a signed report; a refusal is shown beside the file."""
    if not is_secretariat(request.user):
        raise Http404
    filing = FileReportForm(request.POST, request.FILES)
    if filing.is_valid():
        try:
            report_file(
                request.user,
                content=filing.cleaned_data["file"].read(),
                number=filing.cleaned_data["number"],
            )
        except ValidationFailed as failure:
            for problem in failure.fields.get("file") or [failure.message]:
                filing.add_error("file", problem)
        else:
            messages.success(request, _("The signed report was filed."))
            return redirect("reports:home")
    form = ReportForm(initial={"as_of": timezone.localdate(), "format": "pdf"})
    return _home(request, form, filing, status=400)


@login_required
def issued_file(request: HttpRequest, pk: int) -> FileResponse:
    """An issued report, exactly as it was signed."""
    if not is_official(request.user):
        raise Http404
    issued = IssuedReport.objects.filter(pk=pk).first()
    if issued is None:
        raise Http404
    name = f"bao-cao-nq57-{issued.as_of.isoformat()}-da-ky.pdf"
    return FileResponse(
        issued.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


def verify_page(request: HttpRequest) -> HttpResponse:
    """Public: upload a report; its signatures and figures are checked, nothing is kept."""
    if request.method != "POST":
        return render(request, "reports/verify.html", {"form": VerifyForm()})
    from .verify import NotAReport, verify_report

    form = VerifyForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            result = verify_report(form.cleaned_data["file"].read())
        except NotAReport as problem:
            form.add_error("file", str(problem))
    status = 200 if result is not None else 400
    return render(request, "reports/verify.html", {"form": form, "result": result}, status=status)
