"""Dates in fields: dd/mm/yyyy shown whatever the browser's language, dd/mm/yyyy and ISO read."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date

import pytest
from django import forms
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

import nq57
from nq57.core.dates import DAY_FORMAT, DayField, DayInput, day_param, parse_day
from nq57.tasks.filters import TaskFilterSet
from nq57.web.composite import ranking_date

LANGUAGES = ("vi", "en")
# strftime writes years below 1000 without their leading zeros on some platforms.
days = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


def value_of(html: str) -> str:
    found = re.search(r'<input type="text"[^>]*\bvalue="([^"]*)"', html)
    assert found, html
    return found[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_widget_shows_the_day_first_whatever_the_language(language: str) -> None:
    with translation.override(language):
        html = DayInput().render("as_of", date(2026, 11, 30), attrs={"id": "as_of"})
    assert value_of(html) == "30/11/2026"
    assert 'inputmode="numeric"' in html
    assert '<input type="date"' in html  # the calendar the button opens
    assert re.search(r'<button type="button"[^>]*aria-label="[^"]+"', html)


def test_the_widget_hints_the_order_in_vietnamese() -> None:
    with translation.override("vi"):
        html = DayInput().render("as_of", None)
    assert 'placeholder="ngày/tháng/năm"' in html
    assert 'aria-label="Chọn ngày trên lịch"' in html
    assert "value=" not in html.split('<input type="date"')[0]  # no value: an empty field


def test_the_widget_shows_an_iso_date_from_a_link_day_first_and_a_wrong_one_as_typed() -> None:
    with translation.override("vi"):
        assert value_of(DayInput().render("as_of", "2026-11-30")) == "30/11/2026"
        assert value_of(DayInput().render("as_of", "31/02/2026")) == "31/02/2026"


@pytest.mark.parametrize("language", LANGUAGES)
def test_both_languages_read_fields_day_first_as_the_script_writes_them(language: str) -> None:
    """web/dates.js writes the picked day as dd/mm/yyyy: the first input format of both."""
    with translation.override(language):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == DAY_FORMAT
        assert formats.get_format("SHORT_DATE_FORMAT") == "d/m/Y"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", ["30/11/2026", "2026-11-30", " 30/11/2026 "])
def test_a_field_reads_the_day_either_way(language: str, text: str) -> None:
    with translation.override(language):
        assert DayField().clean(text) == date(2026, 11, 30)
        assert TaskFilterSet({"deadline_from": text}).form.is_valid()


@pytest.mark.parametrize("text", ["31/02/2026", "2026-02-31", "11/30/2026", "30.11.2026", "mai"])
def test_a_day_that_does_not_exist_is_refused_with_the_format_to_use(text: str) -> None:
    with translation.override("vi"):
        with pytest.raises(forms.ValidationError) as refused:
            DayField().clean(text)
        assert refused.value.messages == [
            "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026."
        ]
    with translation.override("en"), pytest.raises(ValueError, match=re.escape(text)) as said:
        day_param({"as_of": text}, "as_of")
    assert "dd/mm/yyyy" in str(said.value)
    with pytest.raises(ValueError, match=re.escape(text)):
        ranking_date(text)


def test_an_absent_or_empty_parameter_is_no_day() -> None:
    assert day_param({}, "as_of") is None
    assert day_param({"as_of": "  "}, "as_of") is None


@given(day=days)
def test_any_day_shown_in_a_field_reads_back_as_itself(day: date) -> None:
    for language in LANGUAGES:
        with translation.override(language):
            shown = value_of(DayInput().render("d", day))
            assert DayField().clean(shown) == day
            assert DayField().clean(day.isoformat()) == day
            assert parse_day(formats.date_format(day, "SHORT_DATE_FORMAT")) == day
            assert parse_day(shown) == parse_day(day.isoformat()) == day
            assert day_param({"d": shown}, "d") == day


def _form_classes() -> list[type[forms.BaseForm]]:
    """Every form of the project's forms and filters modules, imported."""
    for module in pkgutil.walk_packages(nq57.__path__, "nq57."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "filters"}:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("nq57."):
            found.append(cls)
    return found


def test_every_date_field_of_the_forms_and_filters_is_a_day_field() -> None:
    classes = _form_classes()
    date_fields = [
        (cls.__name__, name, field)
        for cls in classes
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField)
    ]
    filter_fields = [
        ("TaskFilterSet", name, field)
        for name, field in TaskFilterSet().form.fields.items()
        if isinstance(field, forms.DateField)
    ]
    assert len(date_fields) >= 6  # the task forms' dates, at least
    assert {name for _, name, _ in filter_fields} >= {"as_of", "due_by", "deadline_from"}
    for owner, name, field in date_fields + filter_fields:
        assert isinstance(field.widget, DayInput), (owner, name)
        assert isinstance(field, DayField), (owner, name)
