"""Django's messages that people read come from the project's catalogue, in natural
Vietnamese, not Django's word-for-word renderings."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.utils import translation

from nq57.core.django_messages import MESSAGES, PLURALS

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_listed_message_is_translated_by_the_project() -> None:
    entries = {entry.msgid: entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    for msgid in MESSAGES:
        entry = entries.get(msgid)
        assert entry is not None, msgid
        assert entry.msgstr, msgid
        assert "fuzzy" not in entry.flags, msgid
    values = {"limit_value": 2, "show_value": 3, "max": 2, "length": 3}
    for message in PLURALS:
        with translation.override("en"):
            english = str(message % values)
        with translation.override("vi"):
            vietnamese = str(message % values)
        assert vietnamese != english
        assert "Đảm bảo" not in vietnamese


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        (forms.IntegerField(max_value=100), "200", "Giá trị không được lớn hơn 100."),
        (forms.IntegerField(min_value=0), "-1", "Giá trị không được nhỏ hơn 0."),
        (forms.IntegerField(), "mười", "Hãy nhập một số nguyên."),
        (forms.CharField(max_length=3), "abcd", "Tối đa 3 ký tự (hiện có 4)."),
        (forms.ChoiceField(choices=[("a", "A")]), "b", "Hãy chọn một giá trị trong danh sách"),
    ],
)
def test_a_refused_field_reads_as_vietnamese_people_write(
    field: forms.Field, value: str, said: str
) -> None:
    with translation.override("vi"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        shown = " ".join(refused.value.messages)
    assert said in shown
    assert "Đảm bảo" not in shown
