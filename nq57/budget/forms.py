"""The budget pages' forms: the year and day a page shows, the filters of the entry list, one
entry typed by hand, a file to import. Every problem is an error by field, never a server
error: an organisation by code or name, an amount as people type it, a day dd/mm/yyyy."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from nq57.core.actors import Actor
from nq57.core.dates import DayField
from nq57.core.exchange import CellError, people_number
from nq57.orgs.choices import OrgGroup
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization
from nq57.registry.models import InvestmentDossier
from nq57.tasks.models import Task

from .choices import SpendingBasis, Stage
from .exchange.layout import FIRST_YEAR, LAST_YEAR
from .models import Programme
from .rules import parse_amount
from .selectors.entries import EntryFilters

FIGURE_CHOICES = [
    ("", gettext_lazy("Every entry counted")),
    ("proposed", gettext_lazy("Proposed (in force)")),
    ("approved", gettext_lazy("Approved (in force)")),
    ("unallocated", gettext_lazy("Unallocated (proposed and approved in force)")),
    ("disbursed", gettext_lazy("Disbursed (by the day)")),
]
GROUP_CHOICES = [("", gettext_lazy("Both groups")), *OrgGroup.choices]
# Tasks named by their number or code, separated by commas, semicolons, spaces or lines.
TASK_SEPARATORS = re.compile(r"[,;\s]+")
MAX_TASKS = 50
# A year's state spending is some 2.5 billion million VND; a thousand times that is a typo
# (and well inside the column's range, so a huge number is an error by field, never a 500).
MAX_STATE_SPENDING = 10**12 - 1


class _PageForm(forms.Form):
    """A form whose fields PostgreSQL looks up: a NUL character is refused first, by field."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.fields:
            if "\x00" in str(self.data.get(name) or ""):
                self.add_error(name, _("Null characters are not allowed."))
        return cleaned


def _year_field(*, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        label=gettext_lazy("Year"),
    )


def _organization(text: str) -> Organization:
    try:
        return resolve_org(text)
    except OrgLookupError as exc:
        raise forms.ValidationError(str(exc)) from None


class YearForm(_PageForm):
    """/budget/: a year (default: the latest with entries by the day) and a day (today)."""

    year = _year_field(required=False)
    as_of = DayField(required=False, label=gettext_lazy("As of"))


class EntryFilterForm(_PageForm):
    """/budget/entries/: the entries of a figure for a year as of a day, of a group, an
    organisation (code or name) and a programme."""

    year = _year_field(required=True)
    as_of = DayField(required=False, label=gettext_lazy("As of"))
    figure = forms.ChoiceField(required=False, choices=FIGURE_CHOICES, label=gettext_lazy("Figure"))
    group = forms.ChoiceField(required=False, choices=GROUP_CHOICES, label=gettext_lazy("Group"))
    org = forms.CharField(
        required=False, max_length=255, label=gettext_lazy("Organisation (code or name)")
    )
    programme = forms.CharField(required=False, max_length=32, label=gettext_lazy("Programme"))

    def clean_org(self) -> Organization | None:
        text = str(self.cleaned_data.get("org") or "").strip()
        return _organization(text) if text else None

    def clean_programme(self) -> Programme | None:
        code = str(self.cleaned_data.get("programme") or "").strip()
        if not code:
            return None
        found = Programme.objects.filter(code__iexact=code).first()
        if found is None:
            raise forms.ValidationError(_("unknown programme '%(code)s'") % {"code": code})
        return found

    def filters(self) -> EntryFilters:
        """The valid form's filters (call after is_valid())."""
        data = self.cleaned_data
        return EntryFilters(
            year=data["year"],
            as_of=data.get("as_of") or timezone.localdate(),
            figure=data.get("figure") or "all",
            group=data.get("group") or "",
            organization=data.get("org"),
            programme=data.get("programme"),
        )


class EntryForm(_PageForm):
    """/budget/new/: one entry of the ledger, as a keeper types it."""

    year = _year_field(required=True)
    org = forms.CharField(max_length=255, label=gettext_lazy("Organisation (code or name)"))
    programme = forms.CharField(
        max_length=32,
        label=gettext_lazy("Programme"),
        help_text=gettext_lazy("Its code (NQ57, DA06…); a new code creates the programme."),
    )
    stage = forms.ChoiceField(choices=Stage.choices, label=gettext_lazy("Stage"))
    amount = forms.CharField(
        max_length=40,
        label=gettext_lazy("Amount (million VND)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    dated = DayField(label=pgettext_lazy("budget entry", "Dated"))
    note = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tasks = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("Linked tasks"),
        help_text=gettext_lazy(
            "Optional: the tasks this money is for, by number or code, separated by commas."
        ),
    )

    dossiers = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("Linked investment dossiers"),
        help_text=gettext_lazy(
            "Optional: the dossiers this money is for, by number (#12) or by the code of a "
            "database with one dossier, separated by commas."
        ),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        # The example grouped as the page's language writes numbers (either way is read).
        self.fields["amount"].help_text = _(
            "A whole number of million VND, for example %(example)s."
        ) % {"example": people_number(1_234_567)}

    def clean_org(self) -> Organization:
        return _organization(str(self.cleaned_data.get("org") or "").strip())

    def clean_programme(self) -> str:
        code = str(self.cleaned_data.get("programme") or "").strip()
        if not code:
            raise forms.ValidationError(_("This field is required."))
        return code

    def clean_amount(self) -> int:
        try:
            return parse_amount(self.cleaned_data.get("amount"))
        except CellError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_tasks(self) -> list[Task]:
        """Each task named once, among those the keeper may see (another's is unknown)."""
        words = [w for w in TASK_SEPARATORS.split(str(self.cleaned_data.get("tasks") or "")) if w]
        if len(words) > MAX_TASKS:
            raise forms.ValidationError(
                _("at most %(count)s tasks can be linked") % {"count": MAX_TASKS}
            )
        visible = Task.objects.visible_to(self.actor)
        found: dict[int, Task] = {}
        problems = []
        for word in words:
            number = word.lstrip("#")
            condition = Q(code__iexact=word)
            if number.isdigit() and len(number) < 19:
                condition |= Q(pk=int(number))
            matches = list(visible.filter(condition).order_by("pk")[:2])
            if len(matches) == 1:
                found[matches[0].pk] = matches[0]
            elif matches:
                problems.append(
                    _("'%(word)s' names more than one task: give its number") % {"word": word}
                )
            else:
                problems.append(_("no task '%(word)s' that you can see") % {"word": word})
        if problems:
            raise forms.ValidationError(problems)
        return list(found.values())

    def clean_dossiers(self) -> list[InvestmentDossier]:
        """Each dossier named once: `#12` or `12` by its number, else a database's code when
        that database has exactly one dossier."""
        text = str(self.cleaned_data.get("dossiers") or "")
        words = [w for w in TASK_SEPARATORS.split(text) if w]
        if len(words) > MAX_TASKS:
            raise forms.ValidationError(
                _("at most %(count)s dossiers can be linked") % {"count": MAX_TASKS}
            )
        found: dict[int, InvestmentDossier] = {}
        problems = []
        for word in words:
            number = word.lstrip("#")
            if number.isdigit() and len(number) < 19:
                matches = list(InvestmentDossier.objects.filter(pk=int(number))[:1])
            else:
                matches = list(
                    InvestmentDossier.objects.filter(database__code__iexact=word).order_by("pk")[:2]
                )
            if len(matches) == 1:
                found[matches[0].pk] = matches[0]
            elif matches:
                problems.append(
                    _("database '%(word)s' has more than one dossier: give its number")
                    % {"word": word}
                )
            else:
                problems.append(_("no investment dossier '%(word)s'") % {"word": word})
        if problems:
            raise forms.ValidationError(problems)
        return list(found.values())


class StateSpendingForm(_PageForm):
    """/budget/spending/new/: a year's total of state spending on one basis, from a day."""

    year = _year_field(required=True)
    basis = forms.ChoiceField(choices=SpendingBasis.choices, label=gettext_lazy("Basis"))
    amount = forms.CharField(
        max_length=40,
        label=gettext_lazy("Total of state spending (million VND)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    dated = DayField(
        label=pgettext_lazy("budget entry", "Dated"),
        help_text=gettext_lazy(
            "The day of the estimate or the settled account: the total is in force from then."
        ),
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("Its source: the resolution or the settled account."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _(
            "A whole number of million VND, for example %(example)s."
        ) % {"example": people_number(2_548_662_000)}

    def clean_amount(self) -> int:
        try:
            amount = parse_amount(self.cleaned_data.get("amount"))
        except CellError as exc:
            raise forms.ValidationError(str(exc)) from None
        if amount == 0:
            # The share is divided by it.
            raise forms.ValidationError(_("a total of state spending must be above 0"))
        if amount > MAX_STATE_SPENDING:
            raise forms.ValidationError(
                _("at most %(most)s million VND") % {"most": people_number(MAX_STATE_SPENDING)}
            )
        return amount


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: year, organisation, programme, stage, amount (million VND), date."
        ),
    )
