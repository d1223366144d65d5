"""The notification choices, as a page form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery


class DaysField(forms.Field):
    """Numbers of days typed as "7, 1" (or "7 1", "7;1")."""

    def to_python(self, value: Any) -> list[int]:
        text = str(value or "").strip()
        parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Write whole numbers of days separated by commas."))
        return [int(p) for p in parts]


class PreferencesForm(forms.Form):
    delivery = forms.ChoiceField(label=_("E-mail"), choices=Delivery.choices)
    deadline_days = DaysField(
        label=_("Remind me before a deadline (days)"),
        required=False,
        help_text=_("For example 7, 1: a week before and the day before."),
    )
    silence_days = forms.IntegerField(
        label=_("Remind me when a task of mine has had no progress report for (days)"),
        min_value=1,
        max_value=90,
    )
