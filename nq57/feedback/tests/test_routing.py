"""Routing suggestions and duplicates: a fresh database suggests from the remits alone, the
same with and without accents, a local matter to the province named; a new version only when
something changed; the page shows the suggestion with its reasons and the routing decision
keeps it; a merged item's sender is told the answer; a "not ours" is not suggested again for
the item and teaches the next version."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from nq57.accounts.models import User
from nq57.core.models import AuditEvent
from nq57.core.text import fold_accents
from nq57.feedback import services
from nq57.feedback.models import Field, Item, SuggesterVersion
from nq57.feedback.routing import suggest_bodies
from nq57.feedback.suggest.knowledge import (
    Decline,
    bodies_named,
    decline_examples,
    name_readings,
)
from nq57.feedback.suggest.model import Suggester
from nq57.feedback.suggest.training import current_suggester, declines, train_suggester
from nq57.orgs.models import Organization
from nq57.orgs.services import remits_load

pytestmark = pytest.mark.django_db


SMALL_REMITS = json.dumps(
    {
        "version": 1,
        "bodies": [
            {"code": "BYT", "remit": "Y tế, khám chữa bệnh, thuốc và bệnh viện.",
             "terms": ["đơn thuốc", "bệnh viện", "khám bệnh", "BHYT"]},
            {"code": "BCA", "remit": "An ninh, căn cước công dân và định danh điện tử.",
             "terms": ["CCCD", "VNeID", "lừa đảo qua mạng", "cư trú"]},
            {"code": "BGDDT", "remit": "Giáo dục, trường học, thi cử và học phí.",
             "terms": ["học phí", "thi tốt nghiệp", "sách giáo khoa", "giáo viên"]},
        ],
        "provinces": {
            "remit": "Ủy ban nhân dân tỉnh giải quyết việc của địa phương: đường xã, chợ.",
            "terms": ["UBND xã", "đường liên xã", "ở địa phương tôi"],
            "list": [{"code": "01", "names": ["Hà Nội", "Hà Tây"]}],
        },
    },
    ensure_ascii=False,
)  # fmt: skip


@pytest.fixture
def trained() -> Suggester:
    assert train_suggester() is None  # no remits yet: nothing to learn from
    remits_load(content=SMALL_REMITS)
    trained = train_suggester()
    assert trained is not None
    return trained[0]


def test_a_fresh_database_suggests_from_the_remits_alone(trained: Suggester) -> None:
    text = "Đề nghị cho phép dùng đơn thuốc điện tử ở mọi bệnh viện"
    with_accents = trained.suggest(text)
    without = trained.suggest(fold_accents(text))
    assert [s.body for s in with_accents] == [s.body for s in without]
    assert with_accents[0].body == "BYT"
    # The reasons are the item's own words that weighed most.
    assert {"thuoc", "don thuoc", "benh vien"} & set(with_accents[0].reasons)
    assert 0 < with_accents[0].confidence <= 1
    # A local matter goes to the province named, even by its former name.
    local = trained.suggest("Đường liên xã ở Hà Tây hỏng nặng, UBND xã không sửa")
    assert local[0].body == "01"


def test_a_new_version_only_when_something_changed(trained: Suggester) -> None:
    _, version = train_suggester() or (None, None)
    assert version is not None
    assert version.version == trained.version
    assert SuggesterVersion.objects.count() == 1
    remits_load(content=SMALL_REMITS.replace("sách giáo khoa", "sách giáo khoa điện tử"))
    _, newer = train_suggester() or (None, None)
    assert newer is not None
    assert newer.version != trained.version
    assert current_suggester() is not None
    assert current_suggester()[1].version == newer.version  # type: ignore[index]
    # The knowledge goes back to what it was (a remit restored): the first version is the
    # one in use again, not the newer one trained last.
    remits_load(content=SMALL_REMITS)
    _, again = train_suggester() or (None, None)
    assert again is not None
    assert again.version == trained.version
    assert current_suggester()[1].version == trained.version  # type: ignore[index]
    # A province known by one more name: a new version, which names it.
    remits_load(content=SMALL_REMITS.replace('"Hà Tây"', '"Hà Tây", "Sơn Tây"'))
    renamed = train_suggester()
    assert renamed is not None
    assert renamed[1].version != trained.version
    assert renamed[0].suggest("Đường liên xã ở Sơn Tây hỏng, UBND xã không sửa")[0].body == "01"


def submit(sender: Any, field: Field, title: str, content: str) -> Item:
    return services.item_submit(
        sender,
        kind="feedback",
        field=field,
        title=title,
        content=content,
        contact_name="Hoa",
        contact_email=f"{sender.username}@example.vn",
    )


def test_the_secretariat_sees_suggestions_and_merges_a_duplicate(
    make_user: Callable[..., Any], django_capture_on_commit_callbacks: Any, trained: Suggester
) -> None:
    field = Field.objects.create(code="yt", name_vi="Y tế", name_en="Health")
    first = submit(
        User.objects.create_user(username="h1", password=None),
        field,
        "Đơn thuốc điện tử",
        "Đề nghị cho phép dùng đơn thuốc điện tử ở mọi bệnh viện.",
    )
    second = submit(
        User.objects.create_user(username="h2", password=None),
        field,
        "Don thuoc dien tu",
        "De nghi cho phep dung don thuoc dien tu o moi benh vien.",
    )
    secretariat = make_user("BCDTW", "secretariat")
    client = Client()
    client.force_login(secretariat)
    page = client.get(f"/feedback/handle/{second.tracking_code}/").content.decode()
    suggestions = page.split('id="suggestions"')[1]
    assert '<li data-body="BYT">' in suggestions
    assert "data-reasons" in suggestions
    assert f'name="suggestion_version" value="{trained.version}"' in page
    assert first.tracking_code in page.split('id="similar"')[1]
    client.post(
        f"/feedback/handle/{second.tracking_code}/",
        {"action": "merge", "into": first.tracking_code},
    )
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("merged", first)

    client.post(
        f"/feedback/handle/{first.tracking_code}/",
        {
            "action": "route",
            "body": "BYT",
            "suggestion_version": trained.version,
            "suggested_body": ["BYT", "BCA"],
        },
    )
    first.refresh_from_db()
    routed = AuditEvent.objects.filter(event="feedback.routed").latest("pk")
    assert routed.data["suggestion"] == {
        "version": trained.version,
        "bodies": ["BYT", "BCA"],
        "followed": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        handler = make_user("BYT", "reporter")
        services.item_answer(handler, item=first, text="Đã áp dụng.", publish=True)
    assert sorted(m.to[0] for m in mail.outbox) == ["h1@example.vn", "h2@example.vn"]
    merged = Client()
    merged.force_login(second.sender)
    page = merged.get(f"/feedback/mine/{second.tracking_code}/").content.decode()
    assert "Đã áp dụng." in page


def test_a_not_ours_is_never_suggested_again_and_teaches_the_next_version(
    make_user: Callable[..., Any], trained: Suggester
) -> None:
    field = Field.objects.create(code="yt", name_vi="Y tế", name_en="Health")
    item = submit(
        User.objects.create_user(username="h3", password=None),
        field,
        "VNeID không hiện thẻ BHYT",
        "Tài khoản VNeID của tôi không hiện thẻ BHYT khi đi khám.",
    )
    secretariat = make_user("BCDTW", "secretariat")
    bca = Organization.objects.get(code="BCA")
    services.item_route(secretariat, item=item, body=bca, today=date(2026, 12, 1))
    before = suggest_bodies(item)
    assert before is not None
    assert "BCA" in [s.body for s in before.bodies]
    handler = make_user("BCA", "reporter")
    services.item_decline(
        handler, item=item, reason="Không thuộc Bộ Công an: thẻ BHYT là việc của Bộ Y tế."
    )
    item.refresh_from_db()
    after = suggest_bodies(item)
    assert after is not None
    assert "BCA" not in [s.body for s in after.bodies]
    client = Client()
    client.force_login(secretariat)
    page = client.get(f"/feedback/handle/{item.tracking_code}/").content.decode()
    assert bca.name in page.split('id="sent-back-by"')[1].split("</p>")[0]
    assert '<li data-body="BCA">' not in page.split('id="suggestions"')[1]
    # The reason names one other body: the next version learns the item as its.
    [decline] = declines()
    assert (decline.declined_by, decline.kept_by, decline.waiting) == ({"BCA"}, None, True)
    retrained = train_suggester()
    assert retrained is not None
    assert retrained[1].version != trained.version
    assert retrained[1].examples == trained.facts["examples"] + 1


def test_what_a_not_ours_teaches() -> None:
    names = {
        "BYT": ["BYT", "Bộ Y tế"],
        "BCA": ["BCA", "Bộ Công an"],
        "BTC": ["BTC", "Bộ Tài chính"],
        "BNV": ["BNV", "Bộ Nội vụ"],
    }
    bca = frozenset({"BCA"})
    examples = decline_examples(
        [
            # Waiting, and its reasons name one other body: taken at its word.
            Decline("thẻ BHYT", bca, ("Không phải của Bo Cong an, chuyển BYT",), None, True),
            # Kept by another body after two bounces: once more for the keeper, once only.
            Decline("thuế đất", frozenset({"BNNMT", "BXD"}), ("a", "b"), "BTC", False),
            # Two bodies named; a body that sent it back named; a negated name; none named.
            Decline("x", bca, ("Bộ Y tế hoặc Bộ Tài chính",), None, True),
            Decline("y", frozenset({"BCA", "BYT"}), ("chuyển Bộ Y tế",), None, True),
            Decline("z", bca, ("không phải Bộ Nội vụ",), None, True),
            Decline("w", bca, ("không thuộc thẩm quyền",), None, True),
            # Refused, merged or routed again: the secretariat decided, the reason is not used.
            Decline("v", bca, ("chuyển Bộ Y tế",), None, False),
            # Kept by the very body that sent it back once: nothing more.
            Decline("u", frozenset({"BTC"}), ("nhầm",), "BTC", False),
        ],
        names,
    )
    assert [(e.text, e.body) for e in examples] == [("thẻ BHYT", "BYT"), ("thuế đất", "BTC")]


@given(st.text(max_size=80))
def test_a_body_is_named_alike_with_or_without_diacritics(reason: str) -> None:
    readings = name_readings({"BYT": ["BYT", "Bộ Y tế"], "BTC": ["BTC", "Bộ Tài chính"]})
    assert bodies_named(reason, readings) == bodies_named(fold_accents(reason), readings)
    assert "BYT" in bodies_named(f"{reason} chuyển Bộ Y tế", readings)
