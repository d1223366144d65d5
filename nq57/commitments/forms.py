"""The commitments' forms: a commitment typed with what it is measured by (one link a line,
parsed by `links`), and a signed PDF to upload. Every problem is an error by field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core.dates import DayField
from nq57.orgs.lookup import OrgLookupError, resolve_org

from .services import MOST_PDF_BYTES

LINK_FIELDS = ("tasks", "indicators", "databases", "budget")


class _PageForm(forms.Form):
    """A NUL character is refused first, by field (PostgreSQL refuses it in a look-up)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.fields:
            if "\x00" in str(self.data.get(name) or ""):
                self.add_error(name, _("Null characters are not allowed."))
        return cleaned


def _links_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommitmentForm(_PageForm):
    organization = forms.CharField(
        label=gettext_lazy("Organisation (code or name)"), max_length=255
    )
    leader_name = forms.CharField(label=gettext_lazy("Leader's full name"), max_length=255)
    position = forms.CharField(
        label=gettext_lazy("Position"),
        max_length=255,
        help_text=gettext_lazy("As written in the commitment, e.g. Minister, Chairman."),
    )
    what = forms.CharField(
        label=gettext_lazy("What the leader commits to"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    committed_on = DayField(label=gettext_lazy("Committed on"))
    due_on = DayField(label=gettext_lazy("Due on"))
    tasks = _links_field(
        gettext_lazy("Tasks completed by the due date"),
        gettext_lazy("One task a line: its code, or PROGRAMME/CODE."),
    )
    indicators = _links_field(
        gettext_lazy("Indicators reaching a value"),
        gettext_lazy("One a line: CODE; PERIOD; VALUE, e.g. CQS-01; 2025; 80."),
    )
    databases = _links_field(
        gettext_lazy("Databases in a state"),
        gettext_lazy("One a line: CODE; formed or CODE; deploying."),
    )
    budget = _links_field(
        gettext_lazy("Budget disbursed"),
        gettext_lazy(
            "One a line: YEAR; PROGRAMME; SHARE %, the share of the approved money disbursed, "
            "e.g. 2025; NQ57; 80."
        ),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # who committed does not change; the rest may until signed or judged
            for name in ("organization", "leader_name", "position"):
                del self.fields[name]

    def clean_organization(self) -> Any:
        try:
            return resolve_org(self.cleaned_data["organization"])
        except OrgLookupError as exc:
            raise forms.ValidationError(str(exc)) from None


class SignedUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Signed commitment (PDF)"),
        help_text=gettext_lazy(
            "The commitment PDF downloaded from this page, signed with the leader's key."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MOST_PDF_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
