"""Commitment pages: officials of an organisation (and the secretariat) record and edit its
leaders' commitments, download each as PDF to sign off the server and upload it signed; the
public reads each organisation's commitments with their judgements and the signed files, and
a leader's record. Another organisation's commitment answers 404. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.accounts.access import is_secretariat, memberships_of
from nq57.accounts.choices import REPORTING_ROLES
from nq57.core.audit import history_of
from nq57.core.errors import DomainError, ValidationFailed

from . import selectors, services
from .choices import LinkKind
from .documents import commitment_pdf
from .forms import LINK_FIELDS, CommitmentForm, SignedUploadForm
from .links import links_text, parse_links
from .permissions import can_edit_commitment, can_record_commitment, may_open
from .selectors import get_commitment_for_user


def _show(form: Any, failure: DomainError) -> None:
    """The service's refusal beside the field it names (the form's own when none)."""
    shown = False
    for name, problems in failure.fields.items():
        for problem in problems or [str(failure)]:
            form.add_error(name if name in form.fields else None, problem)
            shown = True
    if not shown:
        form.add_error(None, str(failure))


def _own_org(request: HttpRequest) -> str:
    for membership in memberships_of(request.user):
        if membership.role in REPORTING_ROLES:
            return str(membership.organization.code)
    return ""


@login_required
def commitment_new(request: HttpRequest) -> HttpResponse:
    """Record a leader's commitment; a problem is shown beside its field (and line)."""
    own = _own_org(request)
    if not own and not is_secretariat(request.user):
        raise Http404
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    form = CommitmentForm(data, initial={"organization": own, "committed_on": today})
    if data is not None and form.is_valid():
        fields = form.cleaned_data
        try:
            links = parse_links(request.user, **{name: fields[name] for name in LINK_FIELDS})
            commitment = services.commitment_record(
                request.user,
                organization=fields["organization"],
                leader_name=fields["leader_name"],
                position=fields["position"],
                what=fields["what"],
                committed_on=fields["committed_on"],
                due_on=fields["due_on"],
                links=links,
            )
        except DomainError as failure:
            _show(form, failure)
        else:
            messages.success(request, _("The commitment was recorded."))
            return redirect("commitments:detail", pk=commitment.pk)
    status = 400 if form.errors else 200
    return render(request, "commitments/new.html", {"form": form}, status=status)


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A commitment: who, what, by when, its links, its judgement, its signed file."""
    commitment = get_commitment_for_user(request.user, pk)
    judgement = selectors.judgement_of(commitment)
    context = {
        "commitment": commitment,
        "judgement": judgement,
        "findings": selectors.finding_rows(judgement) if judgement else [],
        "can_edit": can_edit_commitment(request.user, commitment),
        "upload_form": SignedUploadForm(),
        "history": history_of(commitment),
        "kinds": LinkKind,
    }
    return render(request, "commitments/detail.html", context)


@login_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change what a commitment says and is measured by, until it is signed or judged."""
    commitment = get_commitment_for_user(request.user, pk)
    if not can_edit_commitment(request.user, commitment):
        raise Http404
    if commitment.is_signed or commitment.judgement_or_none is not None:
        messages.info(request, _("A signed or judged commitment cannot be changed."))
        return redirect("commitments:detail", pk=commitment.pk)
    data = request.POST if request.method == "POST" else None
    initial = {
        "what": commitment.what,
        "committed_on": commitment.committed_on,
        "due_on": commitment.due_on,
        **links_text(commitment),
    }
    form = CommitmentForm(data, initial=initial, editing=True)
    if data is not None and form.is_valid():
        fields = form.cleaned_data
        try:
            links = parse_links(request.user, **{name: fields[name] for name in LINK_FIELDS})
            services.commitment_edit(
                request.user,
                commitment=commitment,
                what=fields["what"],
                committed_on=fields["committed_on"],
                due_on=fields["due_on"],
                links=links,
            )
        except DomainError as failure:
            _show(form, failure)
        else:
            messages.success(request, _("The commitment was changed."))
            return redirect("commitments:detail", pk=commitment.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "commitment": commitment}
    return render(request, "commitments/edit.html", context, status=status)


@login_required
def commitment_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The commitment as a PDF to sign on the leader's own machine."""
    commitment = get_commitment_for_user(request.user, pk)
    response = HttpResponse(commitment_pdf(commitment), content_type="application/pdf")
    name = f"cam-ket-{commitment.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def commitment_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the signed PDF: kept only if its signature holds and it says what the
    commitment says; otherwise the reason, and nothing kept."""
    commitment = get_commitment_for_user(request.user, pk)
    if not can_edit_commitment(request.user, commitment):
        raise Http404
    posted = request.method == "POST"
    form = SignedUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_sign(
                request.user, commitment=commitment, content=form.cleaned_data["file"].read()
            )
        except (ValidationFailed, DomainError) as failure:
            _show(form, failure)
        else:
            messages.success(request, _("The signed commitment was accepted."))
            return redirect("commitments:detail", pk=commitment.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "commitment": commitment}
    return render(request, "commitments/sign.html", context, status=status)


def signed_download(request: HttpRequest, pk: int) -> FileResponse:
    """Public: the signed PDF of a commitment, as uploaded."""
    commitment = selectors.get_signed_commitment(pk)
    return FileResponse(
        commitment.signed_file.open("rb"),
        as_attachment=True,
        filename=f"cam-ket-{commitment.pk}-da-ky.pdf",
        content_type="application/pdf",
    )


def org_page(request: HttpRequest, code: str) -> HttpResponse:
    """Public: an organisation's commitments with their judgements and signed files."""
    page = selectors.org_commitments(code)
    context = {
        "page": page,
        "may_record": can_record_commitment(request.user, page.organization),
        "may_open": may_open(request.user, page.organization),
    }
    return render(request, "commitments/org.html", context)


def leader_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a leader's record, their commitments over time with outcomes."""
    page = selectors.leader_record(pk)
    context = {"page": page, "may_open": may_open(request.user, page.leader.organization)}
    return render(request, "commitments/leader.html", context)
