"""The task page and the forms that write to a task: report progress, request completion or
an extension, assign, split and edit. Each validates, calls one service and shows its domain
error beside the fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import once
from nq57.core.drafts import draft_drop
from nq57.core.errors import DomainError, NotPermitted
from nq57.core.once import key_of, save_once
from nq57.orgs.models import Organization

from .. import services
from ..forms import (
    CommentForm,
    CompletionRequestForm,
    ExtensionRequestForm,
    ProgressReportForm,
    ReasonForm,
    TaskCreateForm,
    TaskEditForm,
    org_codes,
    show_domain_error,
)
from ..models import Task
from ..permissions import can_assign_for, can_comment, can_decide, can_edit, can_report
from ..selectors import detail


@login_required
def task_page(
    request: HttpRequest, pk: int, *, comment_form: CommentForm | None = None
) -> HttpResponse:
    """The six clear elements, status, timeline, evidence, subtasks, the discussion, and the
    actions the user may take; `comment_form` is a refused comment shown with its errors."""
    context = detail.task_page(request.user, pk, today=timezone.localdate())
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
        can_comment=can_comment(request.user, task),
        comment_form=comment_form or CommentForm(),
        comment_key=once.new_key(),
    )
    return render(request, "tasks/detail.html", context)


# Sent by forms.js with a form it uploads itself, to show the upload's progress.
UPLOAD_HEADER = "X-NQ57-Upload"


def form_page(
    request: HttpRequest,
    *,
    task: Task | None,
    form: Any,
    title: str,
    submit: str,
    write: Callable[[], object],
    success: str,
) -> HttpResponse:
    """Validate, call the service, and on a domain error show it next to the fields; the
    service's transaction means nothing is half-saved."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_once(
                request.user.pk,
                key_of(request.POST.get(once.FIELD)),
                write,
                lambda result: _target_of(result, task),
            )
        except NotPermitted:
            raise Http404 from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            draft_drop(int(request.user.pk or 0), request.get_full_path())
            if saved.repeated:
                messages.info(request, _("This form was already sent; it was saved once."))
                return _went_to(request, saved.earlier_target or reverse("web:dashboard"))
            messages.success(request, success)
            return _went_to(request, _target_of(saved.result, task))
    context = {
        "task": task,
        "form": form,
        "title": title,
        "submit": submit,
        "submission_key": once.new_key(),
        # A page opened afresh offers the user's draft back; one shown again with its
        # errors keeps what was just sent.
        "restore_draft": request.method == "GET",
    }
    return render(request, "tasks/form.html", context)


def _went_to(request: HttpRequest, target: str) -> HttpResponse:
    """Where a saved form leads: a redirect, or for forms.js sending an upload with its
    progress (UPLOAD_HEADER) the address to go to, so that the page's message is not read by
    the request that sent the files."""
    if request.headers.get(UPLOAD_HEADER):
        return JsonResponse({"location": target})
    return redirect(target)


def _target_of(result: object, task: Task | None) -> str:
    """Where a saved form leads: the task it made, or the task it wrote to."""
    target = result if isinstance(result, Task) else task
    return reverse("tasks:detail", args=[target.pk if target else 0])


def visible_task(request: HttpRequest, pk: int) -> Task:
    """The task the URL names, if the user may see it; 404 otherwise."""
    return detail.get_task_for_user(request.user, pk)


def form_data(request: HttpRequest) -> tuple[Any, Any]:
    """What binds a form: the posted fields and files, or nothing on a GET."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@dataclass(frozen=True)
class LeadForm:
    """A form on which the lead side writes to its task through one service: what differs
    between reporting progress and requesting completion or an extension. The form class
    names its page (`page_title`, `submit_label`, `success_message`)."""

    form_class: Any
    service: Callable[..., object]
    initial: Callable[[Task], dict[str, Any]] | None = None


def lead_form_page(spec: LeadForm) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of `spec`: only those who may report on the task see it."""

    @login_required
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        task = visible_task(request, pk)
        if not can_report(request.user, task):
            raise Http404
        initial = {"initial": spec.initial(task)} if spec.initial else {}
        form = spec.form_class(*form_data(request), **initial)

        return form_page(
            request,
            task=task,
            form=form,
            title=str(spec.form_class.page_title),
            submit=str(spec.form_class.submit_label),
            write=lambda: spec.service(request.user, task=task, **form.service_arguments()),
            success=str(spec.form_class.success_message),
        )

    return page


progress_report_page = lead_form_page(
    LeadForm(
        ProgressReportForm,
        services.progress_report_submit,
        initial=lambda task: {"reported_on": timezone.localdate(), "percent": task.progress},
    )
)
completion_request_page = lead_form_page(
    LeadForm(CompletionRequestForm, services.completion_request)
)
extension_request_page = lead_form_page(LeadForm(ExtensionRequestForm, services.extension_request))


@login_required
def task_create_page(request: HttpRequest) -> HttpResponse:
    """Assign a task, or (with ?parent=) split a task into a subtask."""
    parent = None
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    if parent_id:
        try:
            parent = visible_task(request, int(parent_id))
        except ValueError:
            raise Http404 from None
        # A subtask is assigned by the parent's lead, which splits its work among its units.
        if not can_assign_for(request.user, parent.lead_org):
            raise Http404
    assigning = detail.assigning_orgs(request.user)
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
    form = TaskCreateForm(*form_data(request), assigning_orgs=assigning, initial=initial)
    if not assigning.exists():
        raise Http404
    return form_page(
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
    task = detail.task_detail(request.user, pk)
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
    form = TaskEditForm(*form_data(request), initial=initial)

    def write() -> Task:
        data = dict(form.cleaned_data)
        version = data.pop("version") or task.version
        data["weight"] = data.get("weight") or task.weight
        return services.task_update(request.user, task=task, version=version, **data)

    return form_page(
        request,
        task=task,
        form=form,
        title=_("Edit task"),
        submit=_("Save changes"),
        write=write,
        success=_("Task updated."),
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only to those who may see its task; 404 otherwise."""
    evidence = detail.get_evidence_file_for_user(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or Path(evidence.file.name).name,
        content_type=evidence.content_type or "application/octet-stream",
    )
