"""The rules the page and export checks apply (tests/formats.py) catch what they must and pass
what a page writes right: any number or date Django formats in the language passes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import date_format, number_format
from hypothesis import given
from hypothesis import strategies as st

from nq57.web.templatetags.nq57 import grouped_number, rounded

from .formats import problems

LANGUAGES = ("vi", "en")


@pytest.mark.parametrize("language", LANGUAGES)
@given(value=st.integers(min_value=-(10**12), max_value=10**12))
def test_a_grouped_integer_passes(language: str, value: int) -> None:
    with translation.override(language):
        text = f"Tổng: {number_format(value, force_grouping=True)} nhiệm vụ"
    assert problems(text, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
@given(value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_a_formatted_decimal_passes(language: str, value: Decimal) -> None:
    with translation.override(language):
        text = f"({number_format(value, 2, force_grouping=True)}%)"
    assert problems(text, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_in_the_language_passes_and_iso_fails(language: str, day: date) -> None:
    with translation.override(language):
        shown = date_format(day, "SHORT_DATE_FORMAT")
    assert problems(f"Hạn: {shown}.", language) == []
    assert problems(f"Hạn: {day.isoformat()}.", language)


@given(value=st.integers(min_value=10_000, max_value=10**12))
def test_an_ungrouped_number_fails_in_both_languages(value: int) -> None:
    for language in LANGUAGES:
        assert problems(f"{value} / 25911602", language)


@given(value=st.integers(min_value=1000, max_value=9999).filter(lambda v: not 1900 <= v <= 2100))
def test_four_ungrouped_digits_fail_unless_a_year(value: int) -> None:
    assert problems(f"Có {value} nhiệm vụ", "vi")
    assert problems("Năm 2026", "vi") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Tỷ lệ 59.76%", "vi"),
        ("1,290 nhiệm vụ", "vi"),
        ("rate 59,76%", "en"),
        ("1.290 tasks", "en"),
        ("11/30/2026", "vi"),
        ("Đơn vị: lead_org", "vi"),
        ("off_track", "en"),
        ("Kỳ 202611", "vi"),
    ],
)
def test_what_is_wrong_is_named(text: str, language: str) -> None:
    assert problems(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "NQ57-2025-0001",
        "Mã PA-2026-000123",
        "thuky@example.vn nguyen_van@bo.gov.vn",
        "Tệp nq57_tasks.csv",
        "lúc 13:04 30/11/2026",
        "Quyết định 749/QĐ-TTg",
        "Nghị quyết 57-NQ/TW",
    ],
)
def test_identifiers_are_left_alone(text: str) -> None:
    assert problems(text, "vi") == []


@pytest.mark.parametrize("language", LANGUAGES)
@given(
    value=st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False),
    places=st.integers(min_value=0, max_value=4),
)
def test_the_number_filters_fast_grouping_is_djangos(
    language: str, value: Decimal, places: int
) -> None:
    """The `number` filter groups by Python's formatting; it must write what Django's
    `number_format` writes, in both languages."""
    exact = value.quantize(Decimal(1).scaleb(-places))
    with translation.override(language):
        assert grouped_number(exact, places) == number_format(exact, places, force_grouping=True)


@pytest.mark.parametrize("language", LANGUAGES)
@given(
    value=st.decimals(min_value=0, max_value=100, places=6, allow_nan=False),
    places=st.sampled_from([1, 2]),
)
def test_rounding_a_share_is_floatformats(language: str, value: Decimal, places: int) -> None:
    """Tables of shares write them through `rounded`, not the slower `floatformat` filter;
    both must write the same (rounded half up, the language's decimal mark)."""
    with translation.override(language):
        assert rounded(value, places) == floatformat(value, places)
