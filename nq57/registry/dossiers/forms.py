"""The forms of investment dossiers: the list's filters read into `DossierFilters`, and the
fields the services take. The rules (what a return must carry, which day a step may have)
are the services'; their problems come back to these fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core.dates import DayField
from nq57.core.exchange import parse_number
from nq57.orgs.lookup import OrgLookupError, resolve_org

from ..choices import DossierState
from ..forms import ListForm
from .selectors import DossierFilters
from .services import REFERENCE_MAX_LENGTH, TEXT_MAX_LENGTH


class DossierFilterForm(ListForm):
    """/registry/dossiers/: the day, states then, the list (empty: every database), the
    owner and words of the database's code or name or the dossier's reference."""

    as_of = DayField(required=False, label=gettext_lazy("As of"))
    state = forms.MultipleChoiceField(
        required=False, choices=DossierState.choices, label=gettext_lazy("State")
    )
    list = forms.CharField(required=False, label=gettext_lazy("List"))
    owner = forms.CharField(
        required=False, max_length=255, label=gettext_lazy("Owner (code or name)")
    )
    q = forms.CharField(required=False, max_length=200, label=gettext_lazy("Code or name"))

    def clean_list(self) -> Any:
        code = str(self.cleaned_data.get("list") or "").strip()
        return self.list_named(code) if code else None

    def clean_owner(self) -> Any:
        text = str(self.cleaned_data.get("owner") or "").strip()
        if not text:
            return None
        try:
            return resolve_org(text)
        except OrgLookupError as exc:
            raise forms.ValidationError(str(exc)) from None

    def filters(self) -> DossierFilters:
        """The valid form's filters (call after is_valid())."""
        data = self.cleaned_data
        return DossierFilters(
            as_of=data.get("as_of") or timezone.localdate(),
            states=tuple(data.get("state") or ()),
            database_list=data.get("list"),
            owner=data.get("owner"),
            q=str(data.get("q") or "").strip(),
        )


AMOUNT_TEXT = re.compile(r"-?[0-9][0-9., ]*")


class AmountField(forms.Field):
    """A whole number of million VND as people type it: 12500, 12.500 (Vietnamese grouping)
    or 12,500."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    # Longer than any amount the service accepts, written with its groups.
    MAX_TEXT = 30

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            # Digits and their separators only: no exponent, no NUL, nothing else.
            if len(text) > self.MAX_TEXT or not AMOUNT_TEXT.fullmatch(text):
                raise ValueError(text)
            number = parse_number(text, whole=True)
        except ValueError:
            raise forms.ValidationError(
                _("Write the amount as a whole number of million VND, for example 12,500.")
            ) from None
        if number != number.to_integral_value():
            raise forms.ValidationError(_("Write the amount in whole million VND."))
        return int(number)


def _text_field(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RegisterForm(forms.Form):
    amount_million_vnd = AmountField(label=gettext_lazy("Amount (million VND)"))
    registered_on = DayField(label=gettext_lazy("Registered on"), required=False)
    reference = forms.CharField(
        label=gettext_lazy("Reference (number of the letter of submission)"),
        max_length=REFERENCE_MAX_LENGTH,
        required=False,
    )
    note = _text_field(gettext_lazy("Note"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registered_on"].help_text = _("Empty: today.")


DECISIONS = ("approve", "return")


class AppraiseForm(forms.Form):
    """The appraising body's decision: approve, or return naming what is missing. Which of
    the two is the button pressed (`decision`), read by `decision_of`."""

    # Checked by the service, so that a blank one is refused with the same words.
    missing_documents = _text_field(gettext_lazy("Missing documents"), rows=4)
    dated = DayField(label=gettext_lazy("Decided on"), required=False)
    note = _text_field(gettext_lazy("Note"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["missing_documents"].help_text = _("Required to return the dossier.")
        self.fields["dated"].help_text = _("The day of the decision; empty: today.")

    def decision_of(self) -> str:
        """ "approve" or "return", as the button pressed said; a form error otherwise."""
        decision = str(self.data.get("decision") or "")
        if decision not in DECISIONS:
            self.add_error(None, _("Choose to approve or to return the dossier."))
            return ""
        return decision


class ResubmitForm(forms.Form):
    """The owner resubmits a returned dossier, saying what it now holds."""

    # Required, checked by the service with its words.
    note = _text_field(gettext_lazy("Documents added"), rows=3)
    dated = DayField(label=gettext_lazy("Resubmitted on"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dated"].help_text = _("Empty: today.")
