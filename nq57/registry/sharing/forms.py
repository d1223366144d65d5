"""The forms of data sharing: fields as the services take them. The rules (what a refusal
must carry) are the services'; their problems come back to these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nq57.core.actors import Actor
from nq57.core.errors import DomainError
from nq57.orgs.models import Organization

from ..models import Database
from ..sharing_rules import JUSTIFICATION_MIN_LENGTH, AuthorityDecision, RefusalBasis
from . import selectors


class DatabaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name} ({obj.owner.name})"


class RequestForm(forms.Form):
    requester = forms.ModelChoiceField(
        label=_("Requesting organisation"), queryset=Organization.objects.none()
    )
    database = DatabaseChoice(label=_("Database"), queryset=Database.objects.none())
    fields_requested = forms.CharField(
        label=_("Data fields requested"), widget=forms.Textarea(attrs={"rows": 3})
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(
        label=_("Legal basis of the request"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, actor: Actor, requesters: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = requesters  # type: ignore[attr-defined]
        self.fields["database"].queryset = selectors.databases_to_request(actor)  # type: ignore[attr-defined]


class GrantForm(forms.Form):
    connection_details = forms.CharField(
        label=_("Connection details"),
        help_text=_("Seen by the requesting organisation and yours only."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RefuseForm(forms.Form):
    refusal_basis = forms.ChoiceField(
        label=_("Legal basis of the refusal"), choices=RefusalBasis.choices
    )
    refusal_citation = forms.CharField(
        label=_("Citation (article, law, decree)"),
        max_length=500,
        required=False,
        help_text=_("Required for another legal basis."),
    )
    refusal_justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        # Checked by the service, so that a blank one is refused with the same words.
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["refusal_justification"].help_text = gettext(
            "At least %(n)s characters. It goes to the competent authority and is published "
            "in the public register of refusals: write no personal data and no secret in it."
        ) % {"n": JUSTIFICATION_MIN_LENGTH}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=AuthorityDecision.choices, widget=forms.RadioSelect
    )
    decision_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def add_problems(form: forms.Form, failure: DomainError) -> None:
    """A service's problems on the form's fields (the others above the form)."""
    if not failure.fields:
        form.add_error(None, failure.message)
    for name, problems in failure.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
