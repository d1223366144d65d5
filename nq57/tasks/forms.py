"""Forms of the task pages: they parse and show errors; the services decide and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nq57.core.dates import DayField
from nq57.core.errors import DomainError
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from .choices import TaskKind
from .models import COMMENT_MAX_LENGTH, Program


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def show_domain_error(form: forms.Form, error: DomainError) -> None:
    """Puts a service's errors next to the fields they name, the rest above the form."""
    if not error.fields:
        form.add_error(None, error.message)
        return
    aliases = getattr(form, "service_field_names", {})
    for service_name, messages in error.fields.items():
        name = aliases.get(service_name, service_name)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message if target else f"{name}: {message}")


def _links(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


EVIDENCE_HELP = _(
    "PDF, Office documents, images or archives, up to %(mb)s MB each; the type is checked "
    "by the file's content, not its name."
)


def evidence_help() -> str:
    return str(EVIDENCE_HELP) % {"mb": settings.NQ57_EVIDENCE_MAX_BYTES // (1024 * 1024)}


class EvidenceFields(forms.Form):
    # "files" is the Form attribute holding the uploads, so the field has another name.
    evidence_files = MultipleFileField(label=_("Evidence files"))
    service_field_names = {"files": "evidence_files", "evidence": "evidence_files"}
    links = forms.CharField(
        label=_("Evidence links (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence_files"].help_text = evidence_help()

    def evidence(self) -> dict[str, Any]:
        return {
            "files": self.cleaned_data["evidence_files"],
            "links": _links(self.cleaned_data.get("links") or ""),
        }


class ProgressReportForm(EvidenceFields):
    page_title = _("Report progress")
    submit_label = _("Submit report")
    success_message = _("Progress report saved.")

    reported_on = DayField(label=_("Report date"))
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    narrative = forms.CharField(
        label=_("Work done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    difficulties = forms.CharField(
        label=_("Difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["reported_on", "percent", "narrative", "difficulties", "proposals"]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reported_on": data["reported_on"],
            "percent": data["percent"],
            "narrative": data.get("narrative") or "",
            "difficulties": data.get("difficulties") or "",
            "proposals": data.get("proposals") or "",
            **self.evidence(),
        }


class CompletionRequestForm(EvidenceFields):
    page_title = _("Request confirmation of completion")
    submit_label = _("Send request")
    success_message = _("Completion request sent to the assigning organisation.")

    note = forms.CharField(
        label=_("Result achieved"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["note"]

    def service_arguments(self) -> dict[str, Any]:
        return {"note": self.cleaned_data.get("note") or "", **self.evidence()}


class ExtensionRequestForm(forms.Form):
    page_title = _("Request an extension")
    submit_label = _("Send request")
    success_message = _("Extension request sent to the assigning organisation.")

    requested_deadline = DayField(label=_("New deadline requested"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    """A message in the task's discussion. The service holds the rule (not empty, at most
    COMMENT_MAX_LENGTH characters) and its messages; the browser is only told the limits."""

    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH, "required": True}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the task page holds other forms.
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)


class CorrectionForm(forms.Form):
    """A wrongly entered assignment date or deadline, corrected from the start."""

    assigned_on = DayField(label=_("Assignment date"))
    deadline = DayField(label=_("Deadline set at assignment"), required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )


class OrgField(forms.CharField):
    """An organisation by code or name, as in the import."""

    def clean(self, value: Any) -> Organization | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return resolve_org(text)
        except OrgLookupError as exc:
            raise forms.ValidationError(str(exc)) from None


class OrgListField(forms.CharField):
    """Several organisations, separated by ';' or new lines (names may contain commas)."""

    def clean(self, value: Any) -> list[Organization]:
        text = super().clean(value) or ""
        orgs, problems = [], []
        for item in text.replace("\n", ";").split(";"):
            if not item.strip():
                continue
            try:
                orgs.append(resolve_org(item))
            except OrgLookupError as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(problems)
        return orgs


def org_codes(orgs: Sequence[Organization]) -> str:
    return "; ".join(org.code for org in orgs)


class TaskEditForm(forms.Form):
    """The fields the assigning side may change after assignment."""

    title = forms.CharField(label=_("Task (clear work)"), max_length=1000)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_org = OrgField(label=_("Lead organisation (clear responsibility)"))
    coordinating_orgs = OrgListField(
        label=_("Coordinating organisations"),
        required=False,
        help_text=_("Codes or names, separated by semicolons."),
    )
    responsible_person = forms.CharField(
        label=_("Responsible person (clear person)"), required=False, max_length=255
    )
    expected_product = forms.CharField(
        label=_("Expected product (clear product)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_priority = forms.BooleanField(label=_("Priority"), required=False)
    weight = forms.IntegerField(
        label=_("Weight in the parent task"), min_value=1, initial=1, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TaskCreateForm(TaskEditForm):
    program = forms.ModelChoiceField(
        label=_("Programme"), queryset=Program.objects.order_by("code"), to_field_name="code"
    )
    code = forms.CharField(label=_("Task code"), max_length=64)
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices, initial=TaskKind.DEADLINE)
    deadline = DayField(label=_("Deadline (clear time)"), required=False)
    assigned_by = forms.ModelChoiceField(
        label=_("Assigned by (clear authority)"), queryset=Organization.objects.none()
    )
    assigned_on = DayField(label=_("Assigned on"))
    is_confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Counted in the public ranking but listed there without its title."),
    )
    history_reason = forms.CharField(
        label=_("Reason for bringing in a past assignment"),
        required=False,
        help_text=_("Only the secretariat bringing history in may date an assignment back."),
    )

    field_order = [
        "program",
        "code",
        "title",
        "description",
        "kind",
        "deadline",
        "lead_org",
        "coordinating_orgs",
        "responsible_person",
        "expected_product",
        "assigned_by",
        "assigned_on",
        "history_reason",
        "is_priority",
        "is_confidential",
        "weight",
    ]

    def __init__(self, *args: Any, assigning_orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_by"]
        assert isinstance(field, forms.ModelChoiceField)  # nosec B101  # narrows a type for mypy; no check rests on it
        field.queryset = assigning_orgs
        self.fields["assigned_on"].initial = timezone.localdate()
        del self.fields["version"]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "program": data["program"],
            "code": data["code"].strip(),
            "title": data["title"],
            "description": data.get("description") or "",
            "kind": data["kind"],
            "deadline": data.get("deadline"),
            "lead_org": data["lead_org"],
            "coordinating_orgs": data.get("coordinating_orgs") or [],
            "responsible_person": data.get("responsible_person") or "",
            "expected_product": data.get("expected_product") or "",
            "assigned_by": data["assigned_by"],
            "assigned_on": data["assigned_on"],
            "history_reason": data.get("history_reason") or "",
            "is_priority": bool(data.get("is_priority")),
            "is_confidential": bool(data.get("is_confidential")),
            "weight": data.get("weight") or 1,
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The header of the export; dates as YYYY-MM-DD or DD/MM/YYYY."),
    )
