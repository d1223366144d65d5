"""Dates as people type and read them: dd/mm/yyyy (30/11/2026) whatever the browser's language,
and ISO (2026-11-30) as well, which links, scripts and the API write.

A browser draws `<input type="date">` in its own language's order (11/30/2026 in English)
beside a page that says 30/11/2026; the pages therefore use a text field valued dd/mm/yyyy
(DayInput), with a button that opens the browser's calendar when a script can (web/dates.js).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The order both languages' DATE_INPUT_FORMATS start with (config/formats): what a field shows,
# and what web/dates.js writes when a day is picked on the calendar.
DAY_FORMAT = "%d/%m/%Y"
DAY_FORMATS = (DAY_FORMAT, "%Y-%m-%d")


def parse_day(text: str) -> date:
    """30/11/2026 or 2026-11-30 (spaces around ignored); ValueError for anything else,
    a day that does not exist (31/02/2026) included."""
    cleaned = text.strip()
    for layout in DAY_FORMATS:
        try:
            return datetime.strptime(cleaned, layout).date()  # noqa: DTZ007 - a day, no time
        except ValueError:
            continue
    raise ValueError(text)


def not_a_day(text: str) -> str:
    """What a person is told when `text` is no day."""
    return _("“%(value)s” is not a date: enter the day as dd/mm/yyyy, for example 30/11/2026.") % {
        "value": text.strip()
    }


def day_param(params: Any, name: str) -> date | None:
    """The day a query parameter names, either way it is written; None when absent or empty;
    ValueError with the message for people when it is no day."""
    text = str(params.get(name) or "").strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        raise ValueError(not_a_day(text)) from None


class DayInput(forms.DateInput):
    """A text field valued dd/mm/yyyy with a numeric keypad, the format as its placeholder,
    and a calendar button that web/dates.js reveals (without scripts the field still works)."""

    template_name = "core/day_input.html"
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DAY_FORMAT)

    def format_value(self, value: Any) -> str | None:
        """A date, or text that names one either way (a link's ISO date, a re-shown form), as
        dd/mm/yyyy; text that names no day as typed, so the person sees what to correct."""
        if isinstance(value, str) and value.strip():
            try:
                value = parse_day(value)
            except ValueError:
                return str(value)
        formatted = super().format_value(value)
        return None if formatted is None else str(formatted)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "placeholder": _("dd/mm/yyyy"),
            **(attrs or {}),
        }
        context = super().get_context(name, value, attrs)
        context["picker_label"] = _("Choose the date on a calendar")
        # A small field (filters, the dashboard) gets a small button to match.
        context["small"] = "form-control-sm" in str(attrs.get("class", ""))
        return context


class DayField(forms.DateField):
    """A date field of the pages: DayInput, dd/mm/yyyy or ISO, a clear message otherwise."""

    widget = DayInput
    input_formats = list(DAY_FORMATS)
    default_error_messages = {
        "invalid": gettext_lazy("Enter the day as dd/mm/yyyy, for example 30/11/2026."),
    }
