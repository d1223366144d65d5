"""The forms of requests and of the breach register: fields as the services take them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nq57.core.processing import processing_record

from .choices import RequestKind

# Vietnamese date-times as people type them (30/11/2026 14:05), and the browser's own.
DATETIME_INPUTS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def moment_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_INPUTS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "30/11/2026 14:05"}
        ),
    )


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask for?"), choices=RequestKind.choices)
    item = forms.ChoiceField(label=_("About"), required=False)
    wrong = forms.CharField(
        label=_("For a correction: what is wrong"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wanted = forms.CharField(
        label=_("For a correction: what it should be"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, item_codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _("My account and every item I sent"))
        self.fields["item"].choices = [everything, *item_codes]  # type: ignore[attr-defined]


class CorrectionForm(forms.Form):
    target = forms.ChoiceField(label=_("Where"))
    field = forms.ChoiceField(
        label=_("Detail"),
        choices=[
            ("name", _("Name")),
            ("email", _("E-mail")),
            ("address", _("Address")),
            ("phone", _("Phone")),
            ("identity_number", _("Identity number")),
        ],
    )
    value = forms.CharField(label=_("Corrected value"), max_length=300, required=False)

    def __init__(self, *args: Any, item_codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = [("account", _("The account")), *((code, code) for code in item_codes)]
        self.fields["target"].choices = places  # type: ignore[attr-defined]


class BreachForm(forms.Form):
    discovered_at = moment_field(_("Discovered at"))
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories of data (record of processing)"),
    )
    people_affected = forms.IntegerField(label=_("People affected (roughly)"), min_value=0)
    measures = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [  # type: ignore[attr-defined]
            (activity.code, f"{activity.data} ({activity.subjects})")
            for activity in processing_record()
        ]


class NotificationForm(forms.Form):
    notified_at = moment_field(_("Authority (A05) notified at"))
    late_reason = forms.CharField(
        label=_("Why after 72 hours (required when late)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClosingForm(forms.Form):
    closed_at = moment_field(_("Closed at (empty: now)"), required=False)
