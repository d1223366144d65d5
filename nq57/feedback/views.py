"""The public portal's pages: read without signing in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.accounts import oidc
from nq57.core import ratelimit
from nq57.core.dates import day_param
from nq57.core.errors import DomainError, ValidationFailed
from nq57.core.exchange import Flavour, csv_chunks
from nq57.core.processing import processing_activity
from nq57.orgs.models import Organization
from nq57.tasks.models import Program

from . import access_log, permissions, routing, selectors, services
from .choices import PROPOSALS
from .exchange import FEEDBACK, export_rows
from .forms import SubmissionForm
from .models import Field, Item

PAGE_SIZE = 20


def home_page(request: HttpRequest) -> HttpResponse:
    """Counters, the search over published items, and the look-up by tracking code."""
    query = request.GET.get("q", "").strip()
    items = selectors.search_published(query)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"counters": selectors.counters(), "q": query, "page": page}
    return render(request, "feedback/home.html", context)


def item_page(request: HttpRequest, code: str) -> HttpResponse:
    """A published item: what was asked, the answer, and how it was handled."""
    return render(request, "feedback/item.html", {"public": selectors.public_item(code)})


def track_page(request: HttpRequest) -> HttpResponse:
    """Where an item stands, for whoever holds its tracking code."""
    code = request.GET.get("code", "").strip().upper()
    if not code:
        return redirect(reverse("feedback:home"))
    return render(request, "feedback/track.html", {"tracked": selectors.tracked(code)})


def sign_in_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the national identity's sign-in (the officials' page when no
    provider is configured), then back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        start = reverse("accounts:oidc_start") if oidc.is_configured() else reverse("web:login")
        return redirect(f"{start}?{urlencode({'next': request.get_full_path()})}")

    return wrapper


@sign_in_first
def submit_page(request: HttpRequest) -> HttpResponse:
    """Send feedback, a recommendation, an initiative or a solution."""
    user = request.user
    initial = {
        "contact_name": getattr(user, "full_name", ""),
        "contact_email": getattr(user, "email", ""),
    }
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            return redirect(reverse("feedback:home"))  # a robot filled the hidden field
        if not _within_rate_limits(request):
            messages.error(request, _("Too many items sent in the last hour; try again later."))
            return render(request, "feedback/submit.html", _submit_context(form), status=429)
        try:
            item = services.item_submit(
                request.user,
                **form.service_arguments(),
                receipt_site=request.build_absolute_uri("/").rstrip("/"),
            )
        except DomainError as failure:
            for name, problems in failure.fields.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(
                request,
                _("Received. Your tracking code is %(code)s.") % {"code": item.tracking_code},
            )
            return redirect(reverse("feedback:mine_item", args=[item.tracking_code]))
    return render(request, "feedback/submit.html", _submit_context(form))


def _submit_context(form: SubmissionForm) -> dict[str, object]:
    # The notice before sending is the record of processing's own entry for the portal.
    return {"form": form, "notice": processing_activity("portal_items")}


def _within_rate_limits(request: HttpRequest) -> bool:
    """At most so many items an hour from one account and from one address (the client's,
    behind the trusted proxy); an item refused by either is counted by neither."""
    return ratelimit.allow_all(
        [
            ratelimit.Limit(
                "feedback.account",
                str(request.user.pk),
                settings.NQ57_SUBMISSIONS_PER_ACCOUNT_HOUR,
            ),
            ratelimit.Limit(
                "feedback.address",
                ratelimit.client_address(request),
                settings.NQ57_SUBMISSIONS_PER_ADDRESS_HOUR,
            ),
        ],
        per=timedelta(hours=1),
    )


@sign_in_first
def mine_page(request: HttpRequest) -> HttpResponse:
    """The items the signed-in person sent, newest first, with where each stands."""
    return render(request, "feedback/mine.html", {"items": selectors.sent_by(request.user)})


@sign_in_first
def mine_item_page(request: HttpRequest, code: str) -> HttpResponse:
    """One's own item: what was sent, the answer (published or not), the history."""
    item = selectors.get_item_for_handler(request.user, code)
    access_log.personal_data_viewed(request.user, item=item)
    history = selectors.item_history(item)
    return render(request, "feedback/mine_item.html", {"item": item, "history": history})


@login_required
def handle_list_page(request: HttpRequest) -> HttpResponse:
    """The officials' queues: items to sort (the secretariat), items with one's bodies."""
    context = {
        "triage": selectors.triage_queue(request.user),
        "mine": selectors.body_queue(request.user),
        "can_triage": permissions.can_triage(request.user),
    }
    return render(request, "feedback/handle_list.html", context)


@login_required
def handle_item_page(request: HttpRequest, code: str) -> HttpResponse:
    """One item for those handling it, with what each may do: route or refuse (the
    secretariat), accept, send back or answer (the responsible body)."""
    item = selectors.get_item_for_handler(request.user, code)
    access_log.personal_data_viewed(request.user, item=item)
    if request.method == "POST":
        try:
            _act(request, item)
        except DomainError as failure:
            messages.error(request, failure.message)
        else:
            if request.POST.get("action") == "decline":
                # Sent back: it is no longer this body's to see.
                messages.success(request, _("Sent back to sorting."))
                return redirect(reverse("feedback:handle"))
            return redirect(reverse("feedback:handle_item", args=[item.tracking_code]))
    sorting = permissions.can_triage(request.user) and item.status == "received"
    bodies = {o.code: o for o in Organization.objects.filter(depth=0).order_by("path")}
    suggested = routing.suggest_bodies(item) if sorting else None
    suggestions = [
        (bodies[s.body], round(100 * s.confidence), s.reasons)
        for s in (suggested.bodies if suggested else [])
        if s.body in bodies
    ]
    # Named even when nothing is suggested (no version trained yet, or every body excluded).
    sent_back_codes = (
        suggested.sent_back_by if suggested else routing.declined_by(item) if sorting else ()
    )
    sent_back_by = [bodies[c] for c in sorted(sent_back_codes) if c in bodies]

    context = {
        "item": item,
        "history": selectors.item_history(item),
        "suggestions": suggestions,
        "suggested": suggested,
        "sent_back_by": sent_back_by,
        "similar": routing.similar_items(item) if sorting else [],
        "can_triage": permissions.can_triage(request.user),
        "can_handle": permissions.can_handle(request.user, item),
        "can_decide": permissions.can_decide(request.user, item),
        "is_proposal": item.kind in PROPOSALS,
        "assessments": list(item.assessments.select_related("reviewer")),
        "programs": Program.objects.order_by("code"),
        "marks": [
            ("novelty", _("Novelty")),
            ("feasibility", _("Feasibility")),
            ("impact", _("Impact")),
        ],
        "bodies": bodies.values(),
        "fields": Field.objects.filter(is_active=True),
    }
    return render(request, "feedback/handle_item.html", context)


def _suggestion_shown(data: Any) -> dict[str, Any] | None:
    """What the page suggested when the secretariat routed (hidden fields of the form): the
    version and the bodies, kept with the decision. Anything malformed is simply not kept."""
    version = str(data.get("suggestion_version", ""))[:40]
    bodies = [str(code)[:32] for code in data.getlist("suggested_body")][:20]
    if not version or not bodies:
        return None
    return {"version": version, "bodies": bodies}


def _act(request: HttpRequest, item: Item) -> None:
    action, data, today = request.POST.get("action"), request.POST, timezone.localdate()
    if action == "route":
        body = Organization.objects.filter(code=data.get("body", "")).first()
        if body is None:
            raise ValidationFailed(_("Choose the responsible body."))
        field = Field.objects.filter(pk=data.get("field") or 0).first()
        services.item_route(
            request.user,
            item=item,
            body=body,
            field=field,
            today=today,
            suggestion=_suggestion_shown(data),
        )
        messages.success(request, _("Sent to %(body)s.") % {"body": body.name})
    elif action == "merge":
        into = Item.objects.filter(tracking_code=data.get("into", "")).first()
        if into is None:
            raise ValidationFailed(_("Choose the item it repeats."))
        services.item_merge(request.user, item=item, into=into)
    elif action == "assess":
        services.initiative_assess(
            request.user,
            item=item,
            novelty=_mark(data.get("novelty")),
            feasibility=_mark(data.get("feasibility")),
            impact=_mark(data.get("impact")),
            comment=data.get("comment", ""),
        )
    elif action in ("adopt", "reject"):
        _decide(request, item, adopt=action == "adopt")
    elif action == "refuse":
        services.item_refuse(request.user, item=item, reason=data.get("reason", ""))
    elif action == "accept":
        services.item_accept(request.user, item=item)
    elif action == "decline":
        services.item_decline(request.user, item=item, reason=data.get("reason", ""))
    elif action == "answer":
        services.item_answer(
            request.user,
            item=item,
            text=data.get("answer", ""),
            publish=bool(data.get("publish")),
            attachments=request.FILES.getlist("attachments"),
        )
        messages.success(request, _("The answer was sent."))
    else:
        raise ValidationFailed(_("Unknown action."))


def stats_page(request: HttpRequest) -> HttpResponse:
    """The public league table of the bodies."""
    rows = selectors.body_stats(timezone.localdate())
    return render(request, "feedback/stats.html", {"rows": rows})


@sign_in_first
def rate_item(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.get_item_for_handler(request.user, code)
    if request.method == "POST":
        # Anything but a whole number is no score: the service's 1-to-5 rule then names it.
        score = request.POST.get("satisfaction", "").strip()
        try:
            services.item_rate(
                request.user,
                item=item,
                resolved=request.POST.get("resolved") == "yes",
                satisfaction=int(score)
                if score.isascii() and score.isdigit() and len(score) < 3
                else 0,
            )
            messages.success(request, _("Thank you for rating the answer."))
        except DomainError as failure:
            messages.error(request, failure.message)
    return redirect(reverse("feedback:mine_item", args=[code]))


@sign_in_first
def support_item(request: HttpRequest, code: str) -> HttpResponse:
    public = selectors.public_item(code)
    if request.method == "POST":
        try:
            counted = services.item_support(request.user, item=public.item)
            messages.success(
                request,
                _("Thank you for your support.") if counted else _("You already support it."),
            )
        except DomainError as failure:
            messages.error(request, failure.message)
    return redirect(reverse("feedback:item", args=[code]))


def _mark(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0  # refused by the service, beside the field


def _decide(request: HttpRequest, item: Item, *, adopt: bool) -> None:
    data = request.POST
    program = Program.objects.filter(code=data.get("program", "")).first()
    lead = Organization.objects.filter(code=data.get("lead_org", "")).first()
    try:
        deadline = day_param(data, "deadline")
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from None
    if adopt and (program is None or deadline is None):
        raise ValidationFailed(_("Choose the programme and the deadline of the task."))
    services.initiative_decide(
        request.user,
        item=item,
        adopt=adopt,
        today=timezone.localdate(),
        program=program,
        lead_org=lead,
        deadline=deadline,
        responsible_person=data.get("responsible_person", ""),
        expected_product=data.get("expected_product", ""),
    )


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Items as CSV: the secretariat's all, a body's its own, and for anyone else the
    published ones; the sender's personal data only where the user may see it."""
    rows = export_rows(request.user)
    response = StreamingHttpResponse(
        csv_chunks(rows, FEEDBACK, Flavour.PEOPLE), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="nq57-feedback.csv"'
    return response
