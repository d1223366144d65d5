"""The secretariat's pages of the bodies' remits, the routing suggester's knowledge: the list,
one remit's text to edit, and going back to the shipped text."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.core import audit
from nq57.core.errors import DomainError, NotPermitted
from nq57.core.models import AuditEvent
from nq57.orgs.models import Remit
from nq57.tasks.forms import show_domain_error

from . import remits, selectors
from .forms import RemitForm

# How many of a remit's latest changes its page lists.
HISTORY_SHOWN = 10


@login_required
def remit_list_page(request: HttpRequest) -> HttpResponse:
    """Every body's remit, edited by the secretariat or as shipped, and who edited it when."""
    rows = selectors.remit_list(request.user)  # 404 for anyone but the secretariat
    titles = {
        "bodies": _("Ministries, agencies and steering committees"),
        "shared": _("Shared by every province"),
        "provinces": _("Provinces and cities: the names people write"),
    }
    grouped: dict[str, list[Remit]] = {key: [] for key in selectors.REMIT_GROUPS}
    for remit in rows:
        grouped[selectors.remit_group(remit)].append(remit)
    sections = [(titles[key], key, found) for key, found in grouped.items() if found]
    context = {"sections": sections}
    return render(request, "feedback/remit_list.html", context)


@login_required
def remit_page(request: HttpRequest, scope: str) -> HttpResponse:
    """One remit's text, in boxes of one phrase a line; saved, it is the suggester's from its
    next training."""
    remit = selectors.get_remit_for_editor(request.user, scope)
    labels = remits.field_labels()
    shown = remits.texts_read(remit)
    initial = {
        box: remits.as_lines(remit, text) for box, text in RemitForm.BOXES.items() if text in shown
    }
    initial["seen"] = remit.updated_at.isoformat()
    form = RemitForm(request.POST or None, initial=initial, shown=shown, labels=labels)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                # The texts not shown stay as they are (the service keeps them).
                _saved, changed = remits.remit_save(
                    request.user, remit, form.texts(), seen=form.cleaned_data["seen"]
                )
            except NotPermitted:
                raise Http404 from None
            except DomainError as failure:
                show_domain_error(form, failure)
                messages.error(request, failure.message)
            else:
                if changed:
                    messages.success(request, _saved_message(restored=False))
                else:
                    messages.info(request, _("Nothing changed: nothing was saved."))
                return redirect("feedback:remit", scope=remit.scope)
        else:
            messages.error(request, _("Not saved: correct the boxes marked below."))
        status = 400
    context = {
        "remit": remit,
        "form": form,
        "history": _history(remit, labels),
    }
    return render(request, "feedback/remit.html", context, status=status)


@login_required
@require_POST
def remit_restore(request: HttpRequest, scope: str) -> HttpResponse:
    """Go back to the shipped text, once the box saying so is ticked."""
    remit = selectors.get_remit_for_editor(request.user, scope)
    if request.POST.get("confirmed") != "yes":
        messages.error(request, _("Tick the box to confirm that the edited text is replaced."))
        return redirect("feedback:remit", scope=remit.scope)
    try:
        _restored, changed = remits.remit_restore(request.user, remit)
    except NotPermitted:
        raise Http404 from None
    except DomainError as failure:
        messages.error(request, failure.message)
    else:
        if changed:
            messages.success(request, _saved_message(restored=True))
        else:
            messages.info(request, _("It was the shipped text already: nothing changed."))
    return redirect("feedback:remit", scope=remit.scope)


def _saved_message(*, restored: bool) -> str:
    if restored:
        return _(
            "The shipped text is back. The routing suggestions use it from the next "
            "training, which the worker starts within minutes (within the hour at the latest)."
        )
    return _(
        "Saved. The routing suggestions use it from the next training, which the worker "
        "starts within minutes (within the hour at the latest)."
    )


def _history(remit: Remit, labels: dict[str, str]) -> list[tuple[AuditEvent, list[str]]]:
    """The latest changes of the remit, newest first, each with the texts it changed (and
    their line counts before and after, for a list)."""
    events = list(audit.history_of(remit).reverse()[:HISTORY_SHOWN])
    shown = []
    for event in events:
        counts = event.data.get("counts", {}) if isinstance(event.data, dict) else {}
        changed = []
        for name in event.changes:
            label = labels.get(name, name)
            before_after = counts.get(name)
            if name != "description" and isinstance(before_after, list) and len(before_after) == 2:
                old, new = (number_format(n, force_grouping=True) for n in before_after)
                label = f"{label} ({old} → {new})"
            changed.append(label)
        shown.append((event, changed))
    return shown
