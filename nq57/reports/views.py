"""Report pages: /reports/ (an official writes the progress report as of a day and downloads
it), /reports/verify/ (anyone checks a report file's signature and its figures against the
live data). The report is the same whoever asks: its figures are national. Thin: parse,
call, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nq57.accounts.access import is_official

from .documents.office import report_docx, report_xlsx
from .documents.pdf import report_pdf
from .documents.text import report_text
from .forms import ReportForm, VerifyForm
from .sections import report_figures
from .stated import stated
from .verify import NotAReport, verify_report

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
        return render(request, "reports/home.html", {"form": form})
    form = ReportForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/home.html", {"form": form}, status=400)
    data = form.cleaned_data
    figures = report_figures(data["as_of"], data.get("due_by"))
    record = stated(figures)
    text = report_text(figures)
    kind = data["format"]
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


def verify_page(request: HttpRequest) -> HttpResponse:
    """Public: upload a report; its signatures and figures are checked, nothing is kept."""
    if request.method != "POST":
        return render(request, "reports/verify.html", {"form": VerifyForm()})
    form = VerifyForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        try:
            result = verify_report(form.cleaned_data["file"].read())
        except NotAReport as problem:
            form.add_error("file", str(problem))
    status = 200 if result is not None else 400
    return render(request, "reports/verify.html", {"form": form, "result": result}, status=status)
