"""Everything the public reads of an item, and the public search, hold only redacted text
(issue 12 item 2): a sender's identity number, phone, e-mail, name or address written in the
title, the content or the legal reference never reaches the portal, its search or its export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from nq57.feedback import selectors, services
from nq57.feedback.models import Field, Item
from nq57.orgs.models import Organization

IDENTITY = "001203004567"
PERSONAL = (IDENTITY, "0987654321", "binh.tran@example.vn", "Trần Thị Bình", "Ngõ 5 Kim Mã")


def send(citizen: Any, field: Field, *, title: str, content: str, legal: str = "") -> Item:
    return services.item_submit(
        citizen,
        kind="feedback",
        field=field,
        title=title,
        content=content,
        legal_reference=legal,
        contact_name="Trần Thị Bình",
        contact_address="Ngõ 5 Kim Mã",
        contact_phone="0987654321",
        contact_email="binh.tran@example.vn",
        identity_number=IDENTITY,
    )


@pytest.fixture
def published(make_user: Callable[..., Any]) -> Item:
    from nq57.accounts.models import User

    citizen = User.objects.create_user(username="citizen-redaction", password=None)
    field = Field.objects.create(code="hc", name_vi="Hành chính", name_en="Administration")
    item = send(
        citizen,
        field,
        title=f"Cấp lại căn cước số {IDENTITY} của Trần Thị Bình",
        content="Căn cước 0012 0300 4567, gọi 098.765.4321, ở ngõ 5  Kim Mã; e-mail "
        "binh.tran@example.vn. Đề nghị rút ngắn thủ tục cấp lại.",
        legal="Nghị định 70/2024/NĐ-CP, hồ sơ của Trần Thị Bình",
    )
    item = services.item_route(
        make_user("BCDTW", "secretariat"),
        item=item,
        body=Organization.objects.get(code="BCA"),
        today=date.today(),
    )
    return services.item_answer(
        make_user("BCA", "approver"),
        item=item,
        text=f"Gửi bà Trần Thị Bình ({IDENTITY}): thủ tục cấp lại được rút ngắn.",
        publish=True,
    )


@pytest.mark.django_db
def test_every_published_copy_is_redacted_and_the_originals_kept(published: Item) -> None:
    copies = (
        published.public_title,
        published.public_content,
        published.public_legal_reference,
        published.public_answer,
    )
    for copy in copies:
        for detail in PERSONAL:
            assert detail.casefold() not in copy.casefold()
    assert "0012 0300 4567" not in published.public_content
    assert "098.765.4321" not in published.public_content
    assert published.public_title.startswith("Cấp lại căn cước số")
    assert "Nghị định 70/2024/NĐ-CP" in published.public_legal_reference
    assert IDENTITY in published.title  # the sender and the body still read what was sent


@pytest.mark.django_db
def test_public_search_does_not_find_a_removed_identity_number(published: Item) -> None:
    for detail in (IDENTITY, "0012 0300 4567", "0987654321", "Tran Thi Binh", "kim ma"):
        assert not selectors.search_published(detail).exists(), detail
    for detail in PERSONAL:
        page = Client().get("/feedback/", {"q": detail}).content.decode()
        assert published.tracking_code not in page
    assert list(selectors.search_published("cap lai can cuoc")) == [published]
    assert list(selectors.search_published("rut ngan thu tuc")) == [published]


@pytest.mark.django_db
def test_the_portals_pages_show_only_the_redacted_copies(published: Item) -> None:
    home = Client().get("/feedback/").content.decode()
    item_page = Client().get(f"/feedback/items/{published.tracking_code}/").content.decode()
    for text in (home, item_page):
        assert published.tracking_code in text
        assert "Cấp lại căn cước số" in text
        for detail in PERSONAL:
            assert detail not in text
    assert "Nghị định 70/2024/NĐ-CP" in item_page


@pytest.mark.django_db
def test_an_export_for_the_public_holds_the_redacted_title(
    published: Item, make_user: Callable[..., Any]
) -> None:
    def export(user: Any) -> str:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get("/feedback/export.csv")
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]

    for outsider in (None, make_user("BTC", "approver")):
        text = export(outsider)
        assert published.tracking_code in text
        for detail in PERSONAL:
            assert detail not in text
    assert IDENTITY in export(make_user("BCA", "reporter"))  # the body that answered


@pytest.mark.django_db
def test_an_item_not_published_leaves_nothing_to_search(
    published: Item, make_user: Callable[..., Any]
) -> None:
    from nq57.accounts.models import User

    citizen = User.objects.create_user(username="citizen-private", password=None)
    kept = send(citizen, published.field, title="Cấp lại căn cước riêng", content="Riêng tư.")
    assert kept.search_text.strip() == ""
    assert kept.public_title == ""
    assert not selectors.search_published("rieng tu").exists()


BEFORE = [("feedback", "0005_delete_itemevent")]
AFTER = [("feedback", "0006_published_copies_redacted")]


@pytest.mark.django_db(transaction=True)
def test_items_published_before_are_redacted_again_by_the_migration() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    sender = apps.get_model("accounts", "User").objects.create(username="old-sender")
    field = apps.get_model("feedback", "Field").objects.create(
        code="old", name_vi="Cũ", name_en="Old"
    )
    items = apps.get_model("feedback", "Item").objects

    def old_item(code: str, *, answer: str, public_answer: str) -> None:
        title, content = f"Căn cước {IDENTITY} bị sai", "Liên hệ Trần Thị Bình."
        items.create(
            tracking_code=code,
            kind="feedback",
            field=field,
            sender=sender,
            title=title,
            content=content,
            contact_name="Trần Thị Bình",
            identity_number=IDENTITY,
            received_at="2025-06-01T08:00:00+07:00",
            keep_until=date(2030, 6, 1),
            status="answered",
            answer=answer,
            public_answer=public_answer,
            # As the code before this migration indexed it: the title and content as sent.
            search_text=f" can cuoc {IDENTITY} bi sai lien he tran thi binh ",
        )

    # Published before, when the identity number was not among the details removed.
    old_item("PA-OLD1-PUBL", answer=f"Đã sửa {IDENTITY}.", public_answer=f"Đã sửa {IDENTITY}.")
    old_item("PA-OLD2-PRIV", answer="Đã sửa.", public_answer="")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    items = executor.loader.project_state(AFTER).apps.get_model("feedback", "Item").objects
    public = items.get(tracking_code="PA-OLD1-PUBL")
    private = items.get(tracking_code="PA-OLD2-PRIV")
    for copy in (public.public_title, public.public_content, public.public_answer):
        assert IDENTITY not in copy
        assert "Trần Thị Bình" not in copy
    assert public.public_title == "Căn cước […] bị sai"
    assert IDENTITY not in public.search_text
    assert " can cuoc " in public.search_text
    assert (private.public_title, private.search_text.strip()) == ("", "")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert not selectors.search_published(IDENTITY).exists()
    assert list(selectors.search_published("can cuoc bi sai")) == [
        Item.objects.get(tracking_code="PA-OLD1-PUBL")
    ]
