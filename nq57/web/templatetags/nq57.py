"""Template filters shared by the pages: status labels and colours, shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe

from nq57.accounts.choices import Role
from nq57.core.dates import DayInput
from nq57.core.numbers import Numbers
from nq57.core.periods import Period, PeriodError, parse_period
from nq57.tasks.choices import STATUS_LABELS, SixClear
from nq57.tasks.status import days_overdue as days_past

register = template.Library()

# Bootstrap colour of each status; text colours keep WCAG AA contrast on their background.
STATUS_STYLES = {
    "completed": "success",
    "completed_on_time": "success",
    "completed_late": "info",
    "in_progress": "primary",
    "overdue": "danger",
    "regular": "secondary",
}


@register.filter
def status_label(value: Any) -> str:
    return str(STATUS_LABELS.get(str(value), value or "—"))


@register.filter
def change_value(value: Any) -> str:
    """A value of the timeline's changes as people read it: the audit trail stores dates as
    ISO text, pages show them as 30/11/2026."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and len(value) == 10:
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            pass
    return str(value)


@register.filter
def days_overdue(deadline: date | None, as_of: date) -> int:
    """`{{ task.deadline_then|days_overdue:board.as_of }}`: the days past the deadline."""
    return 0 if deadline is None else days_past(deadline, as_of)


@register.filter
def status_style(value: Any) -> str:
    return STATUS_STYLES.get(str(value), "light")


@register.filter
def percent(value: Any) -> str:
    """A share with one decimal in the language's format: 47,0 % / 47.0%."""
    if value is None:
        return "—"
    return f"{number_format(value, 1)}%"


@register.filter
def number(value: Any) -> str:
    """A stored number as the language writes it, grouped, without trailing zeros: 1.290 and
    59,76 in Vietnamese (values are stored with four decimal places)."""
    if value is None or value == "":
        return "—"
    exact = Decimal(value)
    places = max(0, -int(exact.normalize().as_tuple().exponent))
    return grouped_number(exact, places)


def grouped_number(value: Decimal, places: int) -> str:
    """`number_format(value, places, force_grouping=True)` for the groups of three both
    languages use, by Python's own formatting: a ranking page writes two thousand numbers, and
    Django's general formatter (any grouping, any locale) was a third of its time."""
    return Numbers().grouped(value, places)


def rounded(value: Decimal | None, places: int) -> str:
    """`floatformat:places` for a share or score: rounded half up, in the language's
    format, "—" for none. For tables of many figures, where the filter is slow."""
    return Numbers().rounded(value, places)


@register.filter
def period_label(value: Any) -> str:
    """A period as people name it ("Tháng 11/2026", "Quý IV/2026") from the period or its code
    ("202611"); what is not a period is shown as it is."""
    if isinstance(value, Period):
        return value.label
    try:
        return parse_period(str(value)).label
    except PeriodError:
        return str(value) if value not in (None, "") else "—"


@register.filter
def number_input(value: Any) -> str:
    """A stored number as a form field shows it for editing: the language's decimal mark,
    no grouping (the services read 1234,5 and 1234.5 alike; a grouped 1.234 reads as a
    decimal)."""
    if value in (None, ""):
        return ""
    return str(number_format(Decimal(value).normalize()))


@register.filter
def role_label(value: Any) -> str:
    try:
        return str(Role(value).label)
    except ValueError:
        return str(value)


@register.filter
def element_label(value: Any) -> str:
    try:
        return str(SixClear(value).label)
    except ValueError:
        return str(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def bootstrap(field: Any) -> str:
    """The field's widget with Bootstrap's class, and its help and errors tied to it for
    screen readers."""
    widget_type = getattr(field, "widget_type", "")
    css = "form-select" if widget_type in {"select", "selectmultiple"} else "form-control"
    attrs: dict[str, str] = {"class": css + (" is-invalid" if field.errors else "")}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        described.append(f"{field.auto_id}-errors")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


SMALL_FIELD = "form-control form-control-sm"  # as the filters' and options' other fields


@register.simple_tag
def day_input(name: str, value: Any, *, field_id: str) -> SafeString:
    """A hand-written form's date field (a filter, the dashboard's date): the same DayInput as
    the forms', valued dd/mm/yyyy from a date or from the text a link or a person gave."""
    return DayInput().render(name, value, attrs={"id": field_id, "class": SMALL_FIELD})


@register.filter
def field_label(name: str) -> str:
    """A task field's name as people read it, for the timeline's changes."""
    from django.core.exceptions import FieldDoesNotExist

    from nq57.tasks.models import Task

    try:
        field = Task._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name))


# The columns of a breakdown table after the organisation's name.
ROW_FIGURES = ("total", "completed_on_time", "completed_late", "in_progress", "overdue", "regular")


def grouped(value: int) -> str:
    """A count as the language writes it: 1.290 in Vietnamese, 1,290 in English."""
    return grouped_number(Decimal(value), 0)


@register.simple_tag
def figure_cells(figures: dict[str, Any]) -> SafeString:
    """A breakdown row's figures, each a cell with the link to its tasks and its value to
    sort on. Joined here rather than through template nodes: a province's dashboard has 127
    commune rows of six figures, which the template language took some 20 ms to render."""
    return mark_safe(  # noqa: S308 - the URLs are escaped; keys are ours, values ints  # nosec B308 B703  # URLs escaped, keys ours, values numbers
        "".join(
            f'<td data-sort-value="{figures[key].value:d}"><a data-figure="{key}" '
            f'href="{escape(figures[key].url)}">{grouped(figures[key].value)}</a></td>'
            for key in ROW_FIGURES
        )
    )
