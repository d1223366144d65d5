"""The notification centre and the choices on the profile page: one's own notices only, read
when opened, counted in the menu in the same query as the queue; choices refused with a
message per field, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.notices.models import Notice, Preferences
from nq57.notices.services import notify
from nq57.tasks.notices import ASSIGNED

pytestmark = pytest.mark.django_db

# The centre, whatever the number of notices: the session, the user, the memberships (twice:
# access and the frame), the page of notices, the menu's counts, the session's renewal and
# the signed-in session's note.
CENTRE_QUERIES = 9


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tell(user: User, n: int) -> Notice:
    params = {"code": f"NV-{n:03d}", "title": f"Việc {n}", "deadline": "31/12/2025"}
    notify(ASSIGNED, [user.pk], key=f"test:{n}", params=params, link=f"/tasks/{n}/")
    return Notice.objects.get(recipient=user, key=f"test:{n}")


def test_the_centre_lists_ones_own_notices_and_the_menu_counts_the_unread(
    make_user: Callable[..., User], django_assert_max_num_queries: Any
) -> None:
    me = make_user("BKHCN", "reporter")
    other = make_user("BTC", "reporter")
    for n in range(60):
        tell(me, n)
    theirs = tell(other, 999)
    client = signed_in(me)
    with django_assert_max_num_queries(CENTRE_QUERIES):
        page = client.get("/notices/").content.decode()
    assert page.count("data-notice=") == 50  # a page
    assert "NV-999" not in page
    assert 'data-count="menu-unread"' in page
    assert '<span class="visually-hidden">unread: </span>60</span>' in page

    first = Notice.objects.filter(recipient=me).order_by("pk").first()
    assert first is not None
    opened = client.get(f"/notices/{first.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == first.link
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(f"/notices/{theirs.pk}/").status_code == 404
    # Marking another's notice read changes nothing.
    client.post("/notices/read/", {"notice": [theirs.pk]})
    assert client.post("/notices/read/", {"notice": ["²", "x", "-1"]}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post("/notices/read/")
    assert not Notice.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert 'data-count="menu-unread"' not in client.get("/notices/").content.decode()


def test_choices_are_saved_and_bad_ones_refused_by_field(make_user: Callable[..., User]) -> None:
    me = make_user("BKHCN", "reporter")
    client = signed_in(me)
    profile = client.get("/account/").content.decode()
    assert 'id="notifications"' in profile
    assert 'name="deadline_days" value="7, 1"' in profile

    saved = client.post(
        "/notices/choices/", {"delivery": "digest", "deadline_days": "14; 3", "silence_days": "10"}
    )
    assert saved.status_code == 302
    row = Preferences.objects.get(user=me)
    assert (row.delivery, row.deadline_days, row.silence_days) == ("digest", [14, 3], 10)

    for bad, field in [
        ({"deadline_days": "7, bảy"}, "Remind me before a deadline"),
        ({"deadline_days": "400"}, "Remind me before a deadline"),
        ({"silence_days": "0"}, "no progress report for (days)"),
        ({"delivery": "pigeon"}, "E-mail"),
    ]:
        body = {"delivery": "immediate", "deadline_days": "7", "silence_days": "7", **bad}
        response = client.post("/notices/choices/", body, follow=True)
        assert response.status_code == 200
        assert field in response.content.decode()
        row.refresh_from_db()
        assert (row.delivery, row.deadline_days, row.silence_days) == ("digest", [14, 3], 10)
