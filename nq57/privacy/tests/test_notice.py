"""The portal's notice before sending (Decree 13/2023/NĐ-CP, Article 11): what is collected,
why, on which legal basis, for how long and the rights, read from the record of processing
in the reader's language, and an explicit consent without which nothing is sent."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from nq57.accounts.models import User
from nq57.core.processing import processing_activity
from nq57.feedback.models import Field, Item

pytestmark = pytest.mark.django_db


def notice_of(html: str) -> str:
    start = html.index('id="privacy-notice"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_submit_page_shows_the_record_of_processing_before_the_send_button(
    citizen: User, language: str
) -> None:
    client = Client()
    client.force_login(citizen)
    client.cookies["django_language"] = language
    html = client.get("/feedback/new/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    notice = notice_of(html)
    with translation.override(language):
        entry = processing_activity("portal_items")
        for text in (entry.data, entry.purpose, entry.legal_basis, entry.retention):
            assert escape(text) in notice
    assert 'href="/privacy/requests/mine/"' in notice
    assert html.index('id="privacy-notice"') < html.index('name="consent"')
    assert html.index('name="consent"') < html.index(
        'type="submit"', html.index('enctype="multipart/form-data"')
    )


def test_nothing_is_sent_without_consent(citizen: User, settings: Any) -> None:
    field = Field.objects.create(code="tt", name_vi="Thủ tục", name_en="Procedures")
    client = Client()
    client.force_login(citizen)
    form = {
        "kind": "feedback",
        "field": field.pk,
        "title": "Thủ tục",
        "content": "Nội dung",
        "contact_name": "Lê Văn Cường",
        "contact_phone": "0901234567",
    }
    refused = client.post("/feedback/new/", form, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "Tick this box to agree to the processing of your personal data." in (
        refused.content.decode()
    )
    assert not Item.objects.exists()
    assert client.post("/feedback/new/", {**form, "consent": "on"}).status_code == 302
    assert Item.objects.count() == 1
