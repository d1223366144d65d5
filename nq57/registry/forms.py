"""The registry pages' query strings, read into typed filters: a list by its code, a day
(dd/mm/yyyy or ISO), statuses, a risk, an owner by code or name, words. Every problem is a
form error by field, never a server error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core.dates import DayField
from nq57.orgs.lookup import OrgLookupError, resolve_org

from .choices import DatabaseStatus
from .listing import DatabaseFilters, default_list
from .models import DatabaseList

RISK_CHOICES = [
    ("", gettext_lazy("Any")),
    ("high", gettext_lazy("At risk")),
    ("normal", gettext_lazy("Not at risk")),
]


class ListForm(forms.Form):
    """A form that names a list among `lists` (read once by the page, which shows them)."""

    def __init__(self, data: Any, *, lists: list[DatabaseList]) -> None:
        super().__init__(data)
        self.lists = lists

    def list_named(self, code: str) -> DatabaseList:
        for found in self.lists:
            if found.code.lower() == code.lower():
                return found
        raise forms.ValidationError(_("unknown list '%(code)s'") % {"code": code})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # PostgreSQL refuses a NUL character in a look-up: refuse it first, by field.
        for name in self.fields:
            if "\x00" in str(self.data.get(name) or ""):
                self.add_error(name, _("Null characters are not allowed."))
        return cleaned


class RegistryForm(ListForm):
    """/registry/: a list (default: Resolution 71's for 2025) and a day (default: today)."""

    list = forms.CharField(required=False, label=gettext_lazy("List"))
    as_of = DayField(required=False, label=gettext_lazy("As of"))

    def clean_list(self) -> DatabaseList | None:
        code = str(self.cleaned_data.get("list") or "").strip()
        return self.list_named(code) if code else default_list(self.lists)

    def filters(self) -> DatabaseFilters:
        """The valid form's list and day (call after is_valid())."""
        return DatabaseFilters(
            as_of=self.cleaned_data.get("as_of") or timezone.localdate(),
            database_list=self.cleaned_data.get("list"),
        )


class DatabaseFilterForm(ListForm):
    """/registry/databases/: the list (empty: every database), the day, statuses then,
    the risk then, the owner and words of the code or name."""

    list = forms.CharField(required=False, label=gettext_lazy("List"))
    as_of = DayField(required=False, label=gettext_lazy("As of"))
    status = forms.MultipleChoiceField(
        required=False, choices=DatabaseStatus.choices, label=gettext_lazy("Status")
    )
    risk = forms.ChoiceField(required=False, choices=RISK_CHOICES, label=gettext_lazy("Risk"))
    owner = forms.CharField(
        required=False, max_length=255, label=gettext_lazy("Owner (code or name)")
    )
    q = forms.CharField(required=False, max_length=200, label=gettext_lazy("Code or name"))

    def clean_list(self) -> DatabaseList | None:
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

    def filters(self) -> DatabaseFilters:
        """The valid form's filters (call after is_valid())."""
        data = self.cleaned_data
        return DatabaseFilters(
            as_of=data.get("as_of") or timezone.localdate(),
            database_list=data.get("list"),
            statuses=tuple(data.get("status") or ()),
            risk=data.get("risk") or "",
            owner=data.get("owner"),
            q=str(data.get("q") or "").strip(),
        )
