"""The submission form: fields as the service takes them, several files at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import rules
from .choices import Kind
from .models import Field


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("what a sender sends", "Kind"), choices=Kind.choices
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 8}))
    legal_reference = forms.CharField(
        label=_("Legal document or procedure concerned"), max_length=500, required=False
    )
    contact_name = forms.CharField(label=_("Full name"), max_length=200)
    contact_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    identity_number = forms.CharField(
        label=_("Identity number (optional)"), max_length=20, required=False
    )
    answer_private = forms.BooleanField(
        label=_("Do not publish the answer (it is sent to me only)"), required=False
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF, DOC, DOCX, XLS, XLSX, JPG, PNG)"), required=False
    )
    # Decree 13/2023/NĐ-CP, Article 11: consent is given by a clear act, after the notice of
    # processing the page shows beside this box (drawn apart from the other fields, after it).
    consent = forms.BooleanField(
        label=_(
            "I have read the notice above and agree that my personal data are processed as it says."
        ),
        error_messages={
            "required": _("Tick this box to agree to the processing of your personal data.")
        },
    )
    # A field people do not see: a form that fills it is a robot's.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["field"]
        choice.queryset = Field.objects.filter(is_active=True)  # type: ignore[attr-defined]
        choice.label_from_instance = lambda field: field.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not rules.reachable(data.get("contact_phone") or "", data.get("contact_email") or ""):
            self.add_error("contact_phone", _("Give a phone number or an e-mail address."))
        return data

    def visible_fields(self) -> list[Any]:
        # The honeypot is drawn apart, in an element people never see; the consent after
        # the notice of processing.
        apart = {"website", "consent"}
        return [field for field in super().visible_fields() if field.name not in apart]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("website", None)
        data.pop("consent", None)
        return data


class RemitForm(forms.Form):
    """The secretariat's text of a body's remit: a description, and lists one phrase a line
    (kept as the service keeps them: the line numbers of its messages are the box's)."""

    # `fields` is the form's own attribute: the service's "fields" is the box "areas".
    service_field_names = {"fields": "areas"}
    BOXES = {
        "description": "description",
        "areas": "fields",
        "procedures": "procedures",
        "databases": "databases",
        "terms": "terms",
        "not_ours": "not_ours",
        "place_names": "place_names",
    }

    description = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few sentences; line breaks are joined into one paragraph."),
    )
    areas = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    procedures = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    databases = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    terms = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "The everyday words, short forms and app names people write for its matters; "
            "one per line."
        ),
    )
    not_ours = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea,
        help_text=_(
            "One per line: the code of the body that answers, a colon, then the topic "
            "(for example “BNV: allowances for people with meritorious services”)."
        ),
    )
    place_names = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "The names people write for the province, the former provinces and towns merged "
            "into it included; one per line."
        ),
    )

    # When the remit shown was last saved, as the page received it.
    seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, shown: tuple[str, ...], labels: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for box, text in self.BOXES.items():
            if text not in shown:
                del self.fields[box]
                continue
            field = self.fields[box]
            field.label = labels[text]
            if not field.help_text:
                field.help_text = _("One per line; empty lines and repeats are dropped.")
            field.widget.attrs.update({"spellcheck": "true", "lang": "vi"})

    def clean_seen(self) -> datetime | None:
        """When the remit shown was last saved (the page's hidden field): the service
        refuses the save if someone has saved it since."""
        value = self.cleaned_data["seen"]
        if not value:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            # Hidden, so said above the boxes, not beside a field the editor cannot see.
            self.add_error(None, _("Open the page again, then make your change."))
            return None

    def texts(self) -> dict[str, str]:
        """The boxes shown, as the service names them."""
        return {
            text: self.cleaned_data[box] for box, text in self.BOXES.items() if box in self.fields
        }
