"""The pages: a citizen's requests and copy beside their items, the secretariat's queue and
actions, the breach register with its clock; others' pages answer 404; bounded queries."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from nq57.accounts.models import User
from nq57.core.models import AuditEvent
from nq57.feedback.models import Item
from nq57.privacy import services
from nq57.privacy.models import Breach, DataRequest

from .conftest import at

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_citizen_asks_from_their_items_and_downloads_their_copy(
    citizen: User, send: Callable[..., Item]
) -> None:
    item = send(citizen, answered=False)
    client = signed_in(citizen)
    assert 'href="/privacy/requests/mine/"' in client.get("/feedback/mine/").content.decode()
    page = client.get("/privacy/requests/mine/")
    assert page.status_code == 200
    assert item.tracking_code in page.content.decode()  # offered as what the request is about
    response = client.post("/privacy/requests/mine/", {"kind": "copy", "item": ""})
    request = DataRequest.objects.get()
    assert response["Location"] == f"/privacy/requests/mine/{request.pk}/"
    shown = client.get(response["Location"]).content.decode()
    assert f"/privacy/requests/mine/{request.pk}/copy.json" in shown
    download = client.get(f"/privacy/requests/mine/{request.pk}/copy.json")
    assert download["Content-Type"] == "application/json"
    assert "attachment" in download["Content-Disposition"]
    copy = json.loads(download.content)
    assert copy["items"][0]["contact_phone"] == "0912345678"
    assert copy["items"][0]["attachments"][0]["name"] == "don.pdf"
    assert AuditEvent.objects.filter(event="privacy.copy_downloaded", actor=citizen).count() == 1


def test_a_correction_without_its_words_is_shown_next_to_the_fields(citizen: User) -> None:
    response = signed_in(citizen).post("/privacy/requests/mine/", {"kind": "correction"})
    assert response.status_code == 200
    assert "Say what is wrong and what it should be." in response.content.decode()
    assert not DataRequest.objects.exists()


def test_another_persons_request_and_the_handlers_pages_answer_404(
    citizen: User, official: User
) -> None:
    request = services.data_request_file(citizen, kind="copy")
    other = signed_in(User.objects.create_user(username="other", password=None))
    for url in (
        f"/privacy/requests/mine/{request.pk}/",
        f"/privacy/requests/mine/{request.pk}/copy.json",
    ):
        assert other.get(url).status_code == 404
    for url in ("/privacy/requests/", f"/privacy/requests/{request.pk}/", "/privacy/breaches/"):
        assert signed_in(official).get(url).status_code == 404
    assert signed_in(citizen).get("/privacy/requests/").status_code == 302  # officials' pages


def test_the_secretariat_refuses_a_deletion_and_the_citizen_reads_why(
    citizen: User, secretariat: User, send: Callable[..., Item]
) -> None:
    send(citizen, answered=False)
    request = services.data_request_file(citizen, kind="deletion")
    client = signed_in(secretariat)
    page = client.get(f"/privacy/requests/{request.pk}/").content.decode()
    assert 'id="kept-items"' in page
    tried = client.post(f"/privacy/requests/{request.pk}/", {"action": "answer"}, follow=True)
    assert "still being handled" in tried.content.decode()
    client.post(f"/privacy/requests/{request.pk}/", {"action": "refuse", "reason": "Đang xử lý."})
    shown = signed_in(citizen).get(f"/privacy/requests/mine/{request.pk}/").content.decode()
    assert "Refused" in shown
    assert "Đang xử lý." in shown


def test_the_secretariat_applies_a_correction_from_the_page(
    citizen: User, secretariat: User, send: Callable[..., Item]
) -> None:
    item = send(citizen, answered=False)
    request = services.data_request_file(citizen, kind="correction", wrong="Địa chỉ", wanted="Số 5")
    url = f"/privacy/requests/{request.pk}/"
    client = signed_in(secretariat)
    correction = {"action": "correct", "target": item.tracking_code, "field": "address"}
    assert client.post(url, {**correction, "value": "Số 5 Tràng Tiền"}).status_code == 302
    item.refresh_from_db()
    assert item.contact_address == "Số 5 Tràng Tiền"
    assert "Số 3 Tràng Tiền → Số 5 Tràng Tiền" in client.get(url).content.decode()


def test_the_queue_counts_equal_the_list_and_marks_the_overdue(
    citizen: User, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    with time_machine.travel(at(1), tick=False):
        services.data_request_file(citizen, kind="deletion")
        services.data_request_file(citizen, kind="copy")
    client = signed_in(secretariat)
    with time_machine.travel(at(5), tick=False):
        # With the menu's count of what waits on the user (1).
        with django_assert_max_num_queries(10) as few:
            page = client.get("/privacy/requests/").content.decode()
        for _ in range(6):
            services.data_request_file(citizen, kind="deletion")
        with django_assert_max_num_queries(10) as many:
            grown = client.get("/privacy/requests/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    for html, (total, open_, overdue) in ((page, (2, 1, 1)), (grown, (8, 7, 1))):
        counts = re.search(r'id="request-counts">(\d+) [^·]+· (\d+) [^·]+· (\d+)', html)
        assert counts is not None
        assert tuple(int(n) for n in counts.groups()) == (total, open_, overdue)
        assert html.count('class="request-row') == total
        assert html.count("request-open") == open_
        assert html.count("request-overdue") == overdue


def test_the_register_shows_the_clock_in_vietnamese_date_times(
    secretariat: User, inspector: User, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(secretariat)
    with time_machine.travel(at(30, 14), tick=False):
        form = {
            "discovered_at": "30/11/2026 10:05",
            "description": "Lộ danh sách",
            "categories": ["portal_items", "citizen_accounts"],
            "people_affected": "40",
            "measures": "Khóa tài khoản",
        }
        response = client.post("/privacy/breaches/", form)
        breach = Breach.objects.get()
        assert response["Location"] == f"/privacy/breaches/{breach.pk}/"
        html = client.get("/privacy/breaches/").content.decode()
        assert "30/11/2026 10:05" in html  # discovered
        assert "03/12/2026 10:05" in html  # the deadline
        assert "69 hours left" in html  # 68 h 5 min: a started hour counts
    with time_machine.travel(at(3, 15, month=12), tick=False):
        reader, client = signed_in(inspector), signed_in(secretariat)
        # The session (2) and its renewal, the user, the scope, the breaches, the frame, and
        # the menu's count of what waits on the user.
        with django_assert_max_num_queries(9):
            html = reader.get("/privacy/breaches/").content.decode()
        assert "overdue by 5 hours" in html
        assert "Record a breach" not in html  # inspectors read only
        late = client.post(
            f"/privacy/breaches/{breach.pk}/",
            {"action": "notify", "notified_at": "03/12/2026 15:00"},
        )
        assert "after 72 hours" in late.content.decode()
        client.post(
            f"/privacy/breaches/{breach.pk}/",
            {"action": "notify", "notified_at": "03/12/2026 15:00", "late_reason": "Mất điện."},
        )
    breach.refresh_from_db()
    assert breach.notified_at == at(3, 15, month=12)
    assert reader.post(f"/privacy/breaches/{breach.pk}/", {"action": "close"}).status_code == 200
    breach.refresh_from_db()
    assert breach.closed_at is None  # an inspector changes nothing
    assert breach.notified_at is not None
    assert breach.notified_at - breach.discovered_at > timedelta(hours=72)
