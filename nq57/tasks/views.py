"""Task pages: thin adapters from forms and query strings to selectors and services."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.core.errors import DomainError, NotPermitted, ValidationFailed
from nq57.core.paging import CountedPaginator, open_page
from nq57.orgs.models import Organization

from . import selectors, services
from .exchange import (
    HEADER,
    ImportRejected,
    csv_chunks,
    export_rows,
    read_rows,
    tasks_import,
    write_xlsx,
)
from .filters import TaskFilterSet
from .forms import (
    CompletionRequestForm,
    ExtensionRequestForm,
    ImportForm,
    ProgressReportForm,
    ReasonForm,
    TaskCreateForm,
    TaskEditForm,
    org_codes,
    show_domain_error,
)
from .models import Evidence, ExtensionRequest, Task
from .permissions import can_assign_for, can_decide, can_edit, can_report

PAGE_SIZE = 50


def _filterset(request: HttpRequest) -> TaskFilterSet:
    return TaskFilterSet(request.GET or None, queryset=selectors.task_list(request.user))


@login_required
def task_list_page(request: HttpRequest) -> HttpResponse:
    """Tasks in scope, filtered, searched, sorted and paged; counts and pages on ids."""
    filterset = _filterset(request)
    ordering = request.GET.get("ordering", "")
    problems: list[str] = []
    valid = filterset.is_bound and filterset.is_valid()
    page: Any
    try:
        if not filterset.is_bound:
            tasks = selectors.task_list(request.user)
        else:
            tasks = filterset.qs if valid else Task.objects.none()
        if ordering in selectors.LIST_ORDERINGS:
            tasks = tasks.order_by(*selectors.LIST_ORDERINGS[ordering])
        ids = tasks.values_list("pk", flat=True)
        # `count=1` asks for the exact count inline (the page's link without JavaScript).
        searching = valid and bool(filterset.form.cleaned_data.get("q"))
        deferred = searching and not request.GET.get("count")
        count = filterset.status_total(request.user) if valid else None
        if count is None and deferred:
            # A phrase found in 6% of a million tasks takes ~300 ms to count exactly on
            # PostgreSQL, the rows of one page ~10 ms: past the limit the page shows its rows
            # at once and the exact number follows from `task_count`.
            count = _count_up_to(ids, settings.NQ57_SEARCH_COUNT_LIMIT)
        if count is None and deferred:
            page = open_page(ids, request.GET.get("page"), PAGE_SIZE)
        else:
            paginator = CountedPaginator(ids, PAGE_SIZE, count=count)
            page = paginator.get_page(request.GET.get("page"))
            count = paginator.count
    except ValidationFailed as failure:
        problems.append(failure.message)
        page, count = open_page([], 1, PAGE_SIZE), 0
    as_of = filterset.status_as_of if valid else timezone.localdate()
    rows = selectors.task_rows(request.user, list(page.object_list), as_of=as_of)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("count", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "count": count,
        "count_limit": settings.NQ57_SEARCH_COUNT_LIMIT,
        "as_of": as_of,
        "ordering": ordering,
        "orderings": list(selectors.LIST_ORDERINGS),
        "query": query.urlencode(),
        "problems": problems,
        "programs": selectors.program_choices(),
        "top_orgs": selectors.breakdown_orgs(None),
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, "tasks/_list_results.html", context)
    return render(request, "tasks/list.html", context)


def _count_up_to(ids: Any, limit: int) -> int | None:
    """How many rows, when at most `limit`; None past it. Reads at most limit + 1 rows."""
    count = int(ids[: limit + 1].count())
    return count if count <= limit else None


@login_required
def task_count(request: HttpRequest) -> HttpResponse:
    """The exact number of tasks a list holds, for a list shown before it was counted."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        raise Http404
    try:
        count = filterset.status_total(request.user)
        if count is None:
            count = filterset.qs.count()
    except ValidationFailed:
        raise Http404 from None
    return render(request, "tasks/_count.html", {"count": count})


@login_required
def task_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list in the import format, as XLSX or CSV."""
    filterset = TaskFilterSet(request.GET, queryset=Task.objects.visible_to(request.user))
    if not filterset.is_valid():
        raise Http404
    rows = export_rows(filterset.qs)
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(rows, buffer)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename="nq57-tasks.xlsx")
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nq57-tasks.csv"'
    return response


@login_required
def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The six clear elements, status, timeline, evidence, subtasks, and the actions the
    user may take."""
    context = selectors.task_page(request.user, pk, today=timezone.localdate())
    task = context["task"]
    context.update(
        can_report=can_report(request.user, task),
        can_decide=can_decide(request.user, task),
        can_edit=can_edit(request.user, task),
        can_split=can_assign_for(request.user, task.lead_org),
        pending_completion=next(
            (r for r in context["completion_requests"] if r.status == "pending"), None
        ),
        pending_extension=next(
            (r for r in context["extension_requests"] if r.status == "pending"), None
        ),
        reason_form=ReasonForm(),
    )
    return render(request, "tasks/detail.html", context)


def _form_page(
    request: HttpRequest,
    *,
    task: Task | None,
    form: Any,
    title: str,
    submit: str,
    write: Any,
    success: str,
) -> HttpResponse:
    """Validate, call the service, and on a domain error show it next to the fields; the
    service's transaction means nothing is half-saved."""
    if request.method == "POST" and form.is_valid():
        try:
            result = write()
        except NotPermitted:
            raise Http404 from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, success)
            target = result if isinstance(result, Task) else task
            return redirect("tasks:detail", pk=target.pk if target else 0)
    return render(
        request, "tasks/form.html", {"task": task, "form": form, "title": title, "submit": submit}
    )


def _task(request: HttpRequest, pk: int) -> Task:
    return selectors.get_task_for_user(request.user, pk)


def _data(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@login_required
def progress_report_page(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    if not can_report(request.user, task):
        raise Http404
    form = ProgressReportForm(
        *_data(request), initial={"reported_on": timezone.localdate(), "percent": task.progress}
    )
    return _form_page(
        request,
        task=task,
        form=form,
        title=_("Report progress"),
        submit=_("Submit report"),
        write=lambda: services.progress_report_submit(
            request.user, task=task, **form.service_arguments()
        ),
        success=_("Progress report saved."),
    )


@login_required
def completion_request_page(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    if not can_report(request.user, task):
        raise Http404
    form = CompletionRequestForm(*_data(request))
    return _form_page(
        request,
        task=task,
        form=form,
        title=_("Request confirmation of completion"),
        submit=_("Send request"),
        write=lambda: services.completion_request(
            request.user, task=task, **form.service_arguments()
        ),
        success=_("Completion request sent to the assigning organisation."),
    )


@login_required
def extension_request_page(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    if not can_report(request.user, task):
        raise Http404
    form = ExtensionRequestForm(*_data(request))
    return _form_page(
        request,
        task=task,
        form=form,
        title=_("Request an extension"),
        submit=_("Send request"),
        write=lambda: services.extension_request(request.user, task=task, **form.cleaned_data),
        success=_("Extension request sent to the assigning organisation."),
    )


@login_required
def task_create_page(request: HttpRequest) -> HttpResponse:
    """Assign a task, or (with ?parent=) split a task into a subtask."""
    parent = None
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    if parent_id:
        try:
            parent = _task(request, int(parent_id))
        except ValueError:
            raise Http404 from None
        # A subtask is assigned by the parent's lead, which splits its work among its units.
        if not can_assign_for(request.user, parent.lead_org):
            raise Http404
    assigning = selectors.assigning_orgs(request.user)
    initial: dict[str, Any] = {}
    if parent is not None:
        assigning = Organization.objects.filter(pk=parent.lead_org_id)
        initial = {
            "program": parent.program.code,
            "code": f"{parent.code}.",
            "kind": parent.kind,
            "deadline": parent.deadline,
            "lead_org": parent.lead_org.code,
            "assigned_by": parent.lead_org_id,
        }
    form = TaskCreateForm(*_data(request), assigning_orgs=assigning, initial=initial)
    if not assigning.exists():
        raise Http404
    return _form_page(
        request,
        task=parent,
        form=form,
        title=_("Split into a subtask") if parent else _("Assign a task"),
        submit=_("Assign"),
        write=lambda: services.task_create(request.user, parent=parent, **form.service_arguments()),
        success=_("Task assigned."),
    )


@login_required
def task_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_detail(request.user, pk)
    if not can_edit(request.user, task):
        raise Http404
    initial = {
        "title": task.title,
        "description": task.description,
        "lead_org": task.lead_org.code,
        "coordinating_orgs": org_codes(list(task.coordinating_orgs.all())),
        "responsible_person": task.responsible_person,
        "expected_product": task.expected_product,
        "is_priority": task.is_priority,
        "weight": task.weight,
        "version": task.version,
    }
    form = TaskEditForm(*_data(request), initial=initial)

    def write() -> Task:
        data = dict(form.cleaned_data)
        version = data.pop("version") or task.version
        data["weight"] = data.get("weight") or task.weight
        return services.task_update(request.user, task=task, version=version, **data)

    return _form_page(
        request,
        task=task,
        form=form,
        title=_("Edit task"),
        submit=_("Save changes"),
        write=write,
        success=_("Task updated."),
    )


def _decision(
    request: HttpRequest,
    task: Task,
    decide: Callable[[str], object],
    *,
    done: str,
    reason_needed: str | None = None,
) -> HttpResponse:
    """Take a decision through its service and say how it went; a decision the user may not
    take answers 404, like a task they may not see. `decide` receives the reason given."""
    reason = ""
    if reason_needed is not None:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, reason_needed)
            return _back(request, task)
        reason = form.cleaned_data["reason"]
    try:
        decide(reason)
    except NotPermitted:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(request, task)


@login_required
@require_POST
def completion_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    return _decision(
        request,
        task,
        lambda _reason: services.completion_confirm(request.user, task=task),
        done=_("Completion confirmed."),
    )


@login_required
@require_POST
def completion_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    return _decision(
        request,
        task,
        lambda reason: services.completion_return(request.user, task=task, reason=reason),
        done=_("Completion request returned."),
        reason_needed=_("Give the reason for returning the request."),
    )


def _extension(request: HttpRequest, pk: int) -> ExtensionRequest:
    found = (
        ExtensionRequest.objects.filter(pk=pk, task__in=Task.objects.visible_to(request.user))
        .select_related("task")
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def extension_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    extension = _extension(request, pk)
    return _decision(
        request,
        extension.task,
        lambda _reason: services.extension_approve(request.user, request=extension),
        done=_("Extension approved."),
    )


@login_required
@require_POST
def extension_refuse_view(request: HttpRequest, pk: int) -> HttpResponse:
    extension = _extension(request, pk)
    return _decision(
        request,
        extension.task,
        lambda reason: services.extension_refuse(request.user, request=extension, reason=reason),
        done=_("Extension refused."),
        reason_needed=_("Give the reason for refusing the request."),
    )


def _back(request: HttpRequest, task: Task) -> HttpResponse:
    """Back to the inbox when the decision was taken there, else to the task."""
    if request.POST.get("next") == "inbox":
        return redirect("tasks:inbox")
    return redirect("tasks:detail", pk=task.pk)


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Requests waiting for the user's decision."""
    return render(
        request,
        "tasks/inbox.html",
        {"inbox": selectors.decision_inbox(request.user), "reason_form": ReasonForm()},
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only to those who may see its task; 404 otherwise."""
    evidence = (
        Evidence.objects.filter(pk=pk, task__in=Task.objects.visible_to(request.user))
        .exclude(file="")
        .first()
    )
    if evidence is None:
        raise Http404
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or Path(evidence.file.name).name,
        content_type=evidence.content_type or "application/octet-stream",
    )


# --- import: upload, preview (a dry run), confirm --------------------------------------------

PREVIEW_ROWS = 10


def _require_assigning(request: HttpRequest) -> None:
    """Importing assigns tasks: only those who may assign for some organisation see it."""
    if not selectors.assigning_orgs(request.user).exists():
        raise Http404


def _import_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _pending_import(request: HttpRequest, token: str) -> Path | None:
    pending = request.session.get("pending_imports", {})
    name = pending.get(token)
    if not name:
        return None
    path = _import_dir() / name
    return path if path.is_file() else None


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file and see what it would do, with the same line-numbered problems as the
    command line; nothing is written until the user confirms."""
    _require_assigning(request)
    form = ImportForm(*_data(request))
    context: dict[str, Any] = {"form": form, "header": HEADER}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uuid.uuid4().hex
        path = _import_dir() / f"{token}.upload"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        with path.open("rb") as stream:
            try:
                report = tasks_import(request.user, stream, dry_run=True)
            except ImportRejected as failure:
                path.unlink(missing_ok=True)
                context.update(problems=failure.report.problems, failed=failure.report)
                return render(request, "tasks/import.html", context)
        with path.open("rb") as stream:
            preview = _preview_rows(stream)
        pending = request.session.get("pending_imports", {})
        pending[token] = path.name
        request.session["pending_imports"] = pending
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
        return value.strftime("%d/%m/%Y")
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
            report = tasks_import(request.user, stream)
    except ImportRejected as failure:
        # The data changed since the preview (another import, a decision): show why.
        form = ImportForm()
        return render(
            request,
            "tasks/import.html",
            {"form": form, "header": HEADER, "problems": failure.report.problems},
        )
    finally:
        path.unlink(missing_ok=True)
        pending = request.session.get("pending_imports", {})
        pending.pop(token, None)
        request.session["pending_imports"] = pending
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
