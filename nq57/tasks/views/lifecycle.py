"""The assigning side's moves in a task's life, from the task page: withdraw, suspend, resume
(one POST each, through `decision_page`), and the page that corrects the dates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..forms import CorrectionForm
from ..permissions import can_decide
from ..selectors import detail
from .decisions import decision_page
from .task import form_data, form_page, visible_task

task_withdraw_view = decision_page(
    visible_task,
    lambda actor, task, reason, _checked: services.task_withdraw(actor, task=task, reason=reason),
    done=gettext_lazy("Task withdrawn: it no longer counts from today."),
    reason_needed=gettext_lazy("Give the reason for withdrawing the task."),
)
task_suspend_view = decision_page(
    visible_task,
    lambda actor, task, reason, _checked: services.task_suspend(actor, task=task, reason=reason),
    done=gettext_lazy("Task suspended: its deadline no longer runs."),
    reason_needed=gettext_lazy("Give the reason for suspending the task."),
)
task_resume_view = decision_page(
    visible_task,
    lambda actor, task, _reason, _checked: services.task_resume(actor, task=task),
    done=gettext_lazy("Task resumed: the deadline moved on by the days on hold."),
)


@login_required
def task_correct_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the assignment date or the deadline set at assignment, with a reason."""
    task = detail.task_detail(request.user, pk)
    if not can_decide(request.user, task):
        raise Http404
    initial = {"assigned_on": task.assigned_on, "deadline": task.original_deadline}
    form = CorrectionForm(*form_data(request), initial=initial)
    return form_page(
        request,
        task=task,
        form=form,
        title=_("Correct the dates"),
        submit=_("Save the correction"),
        write=lambda: services.task_correct(request.user, task=task, **form.cleaned_data),
        success=_("Dates corrected: the correction applies from the start."),
    )
