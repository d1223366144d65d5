"""Issue 14 item 5: the monitor sees a form's values before deciding, and confirms the
decision on a page that shows them; a form sent for approval is read-only until it is
returned (then editable again, with the reason shown)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation

from nq57.core.actors import SYSTEM
from nq57.core.exchange import ImportRejected
from nq57.core.models import AuditEvent
from nq57.core.periods import parse_period
from nq57.indicators.models import DataSet, DataValue, Submission
from nq57.indicators.services import catalogue_load, submission_return, submission_submit, value_set
from nq57.orgs.models import Organization
from nq57.web.templatetags.nq57 import number

pytestmark = pytest.mark.django_db
NOW = "2025-04-15 09:00 +07:00"
ENTRY = {"dataset": "public_services", "org": "79", "period": "202503"}
ENTRY_URL = "/indicators/entry/?dataset=public_services&org=79&period=202503"
FORMS_URL = "/indicators/forms/?dataset=public_services&period=202503"
# Session, user and memberships (3), the data sets (1), the completeness (4), the waiting
# forms (1), their elements and values (2), the frame's memberships and the menu's one count
# (2), the session's renewal (3): however many forms wait.
FORMS_QUERIES = 16


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sent(org: str, total: int = 1290, online: int = 770) -> Submission:
    """A form of March 2025 with two values, sent for approval on 15 April."""
    value_set(SYSTEM, element="records_total", org=org, period="202503", value=total)
    value_set(
        SYSTEM,
        element="records_online",
        org=org,
        period="202503",
        value=online,
        comment="Số liệu từ Cổng dịch vụ công",
    )
    return submission_submit(
        SYSTEM,
        dataset=DataSet.objects.get(code="public_services"),
        org=Organization.objects.get(code=org),
        period=parse_period("202503"),
        today=date(2025, 4, 15),
    )


@pytest.fixture
def catalogue(db: Any) -> None:
    catalogue_load(SYSTEM)


def test_numbers_are_written_the_vietnamese_way() -> None:
    with translation.override("vi"):
        assert number(Decimal("1290.0000")) == "1.290"
        assert number(Decimal("59.7600")) == "59,76"
        assert number(Decimal("1234567.5000")) == "1.234.567,5"
    with translation.override("en"):
        assert number(Decimal("1290.0000")) == "1,290"
    assert number(None) == "—"


@time_machine.travel(NOW, tick=False)
def test_the_forms_page_shows_each_waiting_form_with_its_values_above_the_buttons(
    catalogue: None, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    form = sent("79")
    monitor = signed_in(make_user("VPCP", "approver"))
    monitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"  # the default language of the pages
    with django_assert_max_num_queries(FORMS_QUERIES) as few:
        page = monitor.get(FORMS_URL).content.decode()
    item = page[page.index(f'data-form="{form.pk}"') :]
    buttons = item.index(f'action="/indicators/forms/{form.pk}/decide/"')
    for shown in (
        "Tổng số hồ sơ thủ tục hành chính tiếp nhận",
        "1.290",
        "Số hồ sơ tiếp nhận trực tuyến",
        "770",
        "Số liệu từ Cổng dịch vụ công",
    ):
        assert -1 < item.find(shown) < buttons, shown
    for org in ("01", "48", "31"):
        sent(org)
    with django_assert_max_num_queries(FORMS_QUERIES) as many:
        page = monitor.get(FORMS_URL).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count('data-values="form-') == 4


@time_machine.travel(NOW, tick=False)
def test_approving_a_form_shows_its_values_first_and_writes_only_when_confirmed(
    catalogue: None, make_user: Callable[..., Any]
) -> None:
    form = sent("79")
    monitor = signed_in(make_user("VPCP", "approver"))
    decide = f"/indicators/forms/{form.pk}/decide/"
    events = AuditEvent.objects.count()
    summary = monitor.post(decide, {"action": "approve"})
    assert summary.status_code == 200
    text = summary.content.decode()
    assert "Approve this form?" in text
    assert "1,290" in text
    assert "Số liệu từ Cổng dịch vụ công" in text
    assert '<input type="hidden" name="confirmed" value="1">' in text
    assert Submission.objects.get().status == "submitted"
    assert AuditEvent.objects.count() == events  # nothing written
    assert monitor.get(f"{decide}?action=approve").status_code == 200  # the same page
    monitor.post(decide, {"action": "approve", "confirmed": "1"})
    assert Submission.objects.get().status == "approved"


@time_machine.travel(NOW, tick=False)
def test_returning_a_form_keeps_the_reason_typed_until_confirmed(
    catalogue: None, make_user: Callable[..., Any]
) -> None:
    form = sent("79")
    monitor = signed_in(make_user("VPCP", "approver"))
    decide = f"/indicators/forms/{form.pk}/decide/"
    text = monitor.post(decide, {"action": "return", "reason": "Thiếu số liệu xã"}).content.decode()
    assert "Return this form?" in text
    assert '<input type="hidden" name="reason" value="Thiếu số liệu xã">' in text
    assert Submission.objects.get().status == "submitted"
    monitor.post(decide, {"action": "return", "reason": "Thiếu số liệu xã", "confirmed": "1"})
    returned = Submission.objects.get()
    assert (returned.status, returned.reason) == ("returned", "Thiếu số liệu xã")
    # No longer waiting: the page says so rather than asking again.
    again = monitor.post(decide, {"action": "approve"}, follow=True).content.decode()
    assert "Only a submitted form can be approved or returned." in again
    # The province sees its form but does not decide on it.
    province = signed_in(make_user("79", "approver"))
    told = province.post(decide, {"action": "approve"}, follow=True).content.decode()
    assert "Only the monitoring organisation decides on this form." in told


@time_machine.travel(NOW, tick=False)
def test_a_form_sent_for_approval_is_read_only_until_it_is_returned(
    catalogue: None, make_user: Callable[..., Any]
) -> None:
    form = sent("79")
    reporter = signed_in(make_user("79", "reporter"))
    page = reporter.get(ENTRY_URL).content.decode()
    assert "Sent for approval on 15/04/2025" in page
    assert 'id="v-records_total"' in page
    assert page.count(" disabled>") == 6  # every element of the data set
    assert 'value="save"' not in page
    refused = reporter.post(
        "/indicators/entry/", {**ENTRY, "action": "save", "value-records_total": "9999"}
    )
    assert refused.status_code == 200
    told = refused.content.decode()
    assert "Nothing was saved: the form “Online public services and records”" in told
    assert "until the monitoring organisation returns it" in told
    assert DataValue.objects.get(org__code="79", element__code="records_total").value == 1290
    # The API and imports are refused by the same check, value by value.
    with pytest.raises(ImportRejected, match="was sent for approval"):
        value_set(SYSTEM, element="records_total", org="79", period="202503", value=9999)

    submission_return(SYSTEM, submission=form, reason="Thiếu số liệu xã", today=form.due_on)
    page = reporter.get(ENTRY_URL).content.decode()
    assert 'id="form-returned"' in page
    assert "Thiếu số liệu xã" in page
    assert " disabled>" not in page
    saved = reporter.post(
        "/indicators/entry/", {**ENTRY, "action": "save", "value-records_total": "1300"}
    )
    assert saved.status_code == 302
    assert DataValue.objects.get(org__code="79", element__code="records_total").value == 1300
