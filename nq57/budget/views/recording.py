"""The ledger's keepers (the Ministries of Science and Technology and of Finance, the
secretariat) record entries: one typed on a form, or a file seen first as a dry run and then
confirmed; and the year's totals of state spending the share is divided by. Anyone else
finds no such page (404). Every write goes through the services."""

from __future__ import annotations

from typing import IO, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.core.errors import ValidationFailed
from nq57.core.exchange import ImportRejected, read_rows
from nq57.tasks.previews import preview_path, preview_store, previews_expire

from .. import services
from ..choices import Stage
from ..exchange import BUDGET, budget_import
from ..forms import EntryForm, ImportForm, StateSpendingForm
from ..permissions import can_record_budget
from ..selectors.entries import budget_years
from ..watch import watch_money

PREVIEW_ROWS = 100
# The previews waiting for confirmation in the session: token → the stored file, its name.
PENDING = "pending_budget_imports"
# The service names the programme `program`, as the file's column does.
FORM_FIELD = {"program": "programme"}


def _require_keeper(request: HttpRequest) -> None:
    if not can_record_budget(request.user):
        raise Http404


@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    """Record one entry; a problem is shown beside its field and nothing is written."""
    _require_keeper(request)
    today = timezone.localdate()
    initial = {"year": budget_years(today).default, "dated": today}
    data = request.POST if request.method == "POST" else None
    form = EntryForm(data, actor=request.user, initial=initial)
    if data is not None and form.is_valid():
        try:
            entry, created = _record(request, form.cleaned_data)
        except ValidationFailed as failure:
            _show(form, failure)
        else:
            if created:
                messages.success(request, _("The entry was recorded."))
            else:
                messages.info(request, _("The same entry was already recorded; nothing changed."))
            as_of = max(today, entry.dated)
            url = reverse("budget:org", kwargs={"code": entry.organization.code})
            return redirect(f"{url}?{urlencode({'as_of': as_of.isoformat()})}")
    status = 400 if form.errors else 200
    return render(request, "budget/entry_new.html", {"form": form}, status=status)


@login_required
def spending_new(request: HttpRequest) -> HttpResponse:
    """Record a year's total of state spending on one basis; a problem is shown beside its
    field and nothing is written."""
    _require_keeper(request)
    today = timezone.localdate()
    initial = {"year": budget_years(today).default, "dated": today}
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:  # from the year page's note; the form checks it
        initial["year"] = int(year)
    data = request.POST if request.method == "POST" else None
    form = StateSpendingForm(data, initial=initial)
    if data is not None and form.is_valid():
        fields = form.cleaned_data
        try:
            total, created = services.state_spending_record(
                request.user,
                year=fields["year"],
                basis=fields["basis"],
                amount=fields["amount"],
                dated=fields["dated"],
                note=fields.get("note") or "",
            )
        except ValidationFailed as failure:
            _show(form, failure)
        else:
            if created:
                messages.success(request, _("The total of state spending was recorded."))
            else:
                messages.info(request, _("The same total was already recorded; nothing changed."))
            # The year as of the total's day at least, so that the share shows it.
            as_of = max(today, total.dated)
            query = urlencode({"year": str(total.year), "as_of": as_of.isoformat()})
            return redirect(f"{reverse('budget:year')}?{query}#spending-share")
    status = 400 if form.errors else 200
    return render(request, "budget/spending_new.html", {"form": form}, status=status)


@transaction.atomic
def _record(request: HttpRequest, data: dict[str, Any]) -> Any:
    """The programme (created the first time) and the entry, both or neither."""
    programme = services.programme_get_or_create(request.user, code=data["programme"])
    recorded = services.entry_record(
        request.user,
        year=data["year"],
        organization=data["org"],
        programme=programme,
        stage=data["stage"],
        amount=data["amount"],
        dated=data["dated"],
        note=data.get("note") or "",
        tasks=data.get("tasks") or [],
        dossiers=data.get("dossiers") or [],
    )
    if recorded[1]:  # the queue's alerts follow the ledger at once
        watch_money(timezone.localdate())
    return recorded


def _show(form: EntryForm | StateSpendingForm, failure: ValidationFailed) -> None:
    """The service's refusal beside the field it names (the form's own when none)."""
    shown = False
    for name, problems in failure.fields.items():
        field = FORM_FIELD.get(name, name)
        for problem in problems or [failure.message]:
            form.add_error(field if field in form.fields else None, problem)
            shown = True
    if not shown:
        form.add_error(None, failure.message)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file and see what it would do — its rows, what would be created and what is
    already recorded, or every problem by line and column — before anything is written."""
    _require_keeper(request)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ImportForm(*data)
    context: dict[str, Any] = {"form": form, "header": BUDGET.titles, "keys": BUDGET.keys}
    if request.method != "POST" or not form.is_valid():
        return render(request, "budget/import.html", context, status=400 if form.errors else 200)
    upload = form.cleaned_data["file"]
    previews_expire()  # abandoned previews go as new ones come
    token, path = preview_store(upload.chunks())
    try:
        with path.open("rb") as stream:
            report = budget_import(request.user, stream, dry_run=True, source_name=upload.name)
    except ImportRejected as failure:
        path.unlink(missing_ok=True)
        context.update(problems=failure.report.problems, filename=upload.name)
        return render(request, "budget/import.html", context, status=400)
    with path.open("rb") as stream:
        rows = _preview_rows(stream)
    pending = request.session.get(PENDING, {})
    pending[token] = {"file": path.name, "name": upload.name}
    request.session[PENDING] = pending
    context.update(
        report=report,
        rows=rows[:PREVIEW_ROWS],
        more=max(0, report.rows - PREVIEW_ROWS),
        token=token,
        filename=upload.name,
    )
    return render(request, "budget/import.html", context)


def _preview_rows(stream: IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """The file's first rows as read (they all passed the dry run), with their lines."""
    rows = []
    for source in read_rows(stream, BUDGET):
        cells = BUDGET.parse_cells(source.cells)
        cells["stage"] = Stage(cells["stage"]).label
        rows.append((source.line, cells))
        if len(rows) >= PREVIEW_ROWS:
            break
    return rows


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file the preview showed, as it was uploaded: all or nothing."""
    _require_keeper(request)
    pending = request.session.get(PENDING, {})
    held = pending.pop(str(request.POST.get("token", "")), None)
    request.session[PENDING] = pending
    path = preview_path(held["file"]) if held else None
    if held is None or path is None:
        messages.error(request, _("That upload has expired; upload the file again."))
        return redirect("budget:import")
    try:
        with path.open("rb") as stream:
            report = budget_import(request.user, stream, source_name=held["name"])
    except ImportRejected as failure:
        # The ledger changed since the preview (another import, an entry): say why.
        context = {
            "form": ImportForm(),
            "header": BUDGET.titles,
            "keys": BUDGET.keys,
            "problems": failure.report.problems,
            "filename": held["name"],
        }
        return render(request, "budget/import.html", context, status=400)
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Imported %(rows)s rows: %(created)s recorded, %(unchanged)s already recorded.")
        % {
            key: number_format(getattr(report, key), force_grouping=True)
            for key in ("rows", "created", "unchanged")
        },
    )
    return redirect("budget:year")
