"""Importing tasks from a file: upload, preview (a dry run), confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.core.exchange import people_date

from ..exchange import HEADER, TASKS, ImportRejected, read_rows, tasks_import
from ..forms import ImportForm
from ..previews import preview_path, preview_store, previews_expire
from ..selectors import detail
from .task import form_data

PREVIEW_ROWS = 10


def _require_assigning(request: HttpRequest) -> None:
    """Importing assigns tasks: only those who may assign for some organisation see it."""
    if not detail.assigning_orgs(request.user).exists():
        raise Http404


def _pending_import(request: HttpRequest, token: str) -> Path | None:
    pending = request.session.get("pending_imports", {})
    name = pending.get(token)
    if not name:
        return None
    return preview_path(name)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file and see what it would do, with the same line-numbered problems as the
    command line; nothing is written until the user confirms."""
    _require_assigning(request)
    form = ImportForm(*form_data(request))
    context: dict[str, Any] = {"form": form, "header": TASKS.titles, "keys": HEADER}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        previews_expire()  # abandoned previews go as new ones come
        token, path = preview_store(upload.chunks())
        with path.open("rb") as stream:
            try:
                report = tasks_import(request.user, stream, dry_run=True, source_name=upload.name)
            except ImportRejected as failure:
                path.unlink(missing_ok=True)
                context.update(problems=failure.report.problems, failed=failure.report)
                return render(request, "tasks/import.html", context, status=400)
        with path.open("rb") as stream:
            preview = _preview_rows(stream)
        pending = request.session.get("pending_imports", {})
        pending[token] = path.name
        request.session["pending_imports"] = pending
        # The file's name is the reason recorded for the history it brings in.
        names = request.session.get("pending_import_names", {})
        names[token] = upload.name
        request.session["pending_import_names"] = names
        context.update(report=report, preview=preview, token=token, filename=upload.name)
    return render(request, "tasks/import.html", context)


def _preview_rows(stream: Any) -> list[tuple[int, list[str]]]:
    """The first rows of the file as read, with their line numbers."""
    rows = []
    for index, row in enumerate(read_rows(stream)):
        if index >= PREVIEW_ROWS:
            break
        rows.append((row.line, [_cell(row.cells.get(name)) for name in HEADER]))
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return people_date(value)
    return str(value)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    _require_assigning(request)
    token = request.POST.get("token", "")
    path = _pending_import(request, token)
    if path is None:
        messages.error(request, _("That upload has expired; upload the file again."))
        return redirect("tasks:import")
    try:
        with path.open("rb") as stream:
            name = request.session.get("pending_import_names", {}).get(token, "")
            report = tasks_import(request.user, stream, source_name=name)
    except ImportRejected as failure:
        # The data changed since the preview (another import, a decision): show why.
        form = ImportForm()
        return render(
            request,
            "tasks/import.html",
            {
                "form": form,
                "header": TASKS.titles,
                "keys": HEADER,
                "problems": failure.report.problems,
            },
        )
    finally:
        path.unlink(missing_ok=True)
        pending = request.session.get("pending_imports", {})
        pending.pop(token, None)
        request.session["pending_imports"] = pending
        names = request.session.get("pending_import_names", {})
        names.pop(token, None)
        request.session["pending_import_names"] = names
    messages.success(
        request,
        _(
            "Imported %(rows)s rows: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
        % {
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return redirect("tasks:list")
