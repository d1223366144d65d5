"""The reports' forms: the day a report is as of (and the day remaining work is counted to),
its format; and a report file to verify. Every problem is an error by field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nq57.core.dates import DayField

# A report is a few pages; a file far larger is not one of ours, and is not read.
MAX_REPORT_BYTES = 10 * 1024 * 1024
FORMAT_CHOICES = [("pdf", "PDF"), ("docx", "DOCX (Word)"), ("xlsx", "XLSX (Excel)")]


class ReportForm(forms.Form):
    as_of = DayField(label=gettext_lazy("As of"))
    due_by = DayField(
        required=False,
        label=gettext_lazy("Remaining work counted to"),
        help_text=gettext_lazy("The last day of the report's year unless given."),
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, label=gettext_lazy("Format"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.fields:
            if "\x00" in str(self.data.get(name) or ""):
                self.add_error(name, _("Null characters are not allowed."))
        as_of, due_by = cleaned.get("as_of"), cleaned.get("due_by")
        if as_of and due_by and due_by < as_of:
            self.add_error(
                "due_by", _("The day remaining work is counted to is before the report's day.")
            )
        return cleaned


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Report file (PDF)"),
        help_text=gettext_lazy("A progress report written by this system, signed or not."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: it is not a report."))
        return upload


class FileReportForm(VerifyForm):
    """The secretariat files a report its leader signed."""

    number = forms.CharField(
        label=gettext_lazy("Number"),
        required=False,
        max_length=60,
        help_text=gettext_lazy('As written on the report, e.g. "Số: 12/BC-BCĐ".'),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Signed report (PDF)")
        self.fields["file"].help_text = gettext_lazy(
            "Signed by its leader; every figure must still match the data as of its day."
        )

    def clean_number(self) -> str:
        number = str(self.cleaned_data.get("number") or "")
        if "\x00" in number:
            raise forms.ValidationError(_("Null characters are not allowed."))
        return number
