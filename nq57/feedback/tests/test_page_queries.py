"""Every page of the public portal and of the officials' queues runs a fixed number of SQL
queries, however many items there are: measured with a small world (three items), then with
twelve more items at every stage of handling, and pinned."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from nq57.accounts.models import User
from nq57.feedback import services
from nq57.feedback.models import Field, Item
from nq57.feedback.suggest import training
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db

NOW = "2025-09-08 09:00 +07:00"
TODAY = date(2025, 9, 8)
KINDS = ("feedback", "recommendation", "initiative", "solution")


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _suggester_read_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suggester in use is cached per process; another test's version could otherwise
    spare a measurement the query that finds it."""
    monkeypatch.setattr(training, "_cache", {})


class World:
    """Three items sent by one citizen: one waits to be sorted by the secretariat, an
    initiative BKHCN is handling, and one BKHCN answered and published. BTC handles some of
    those `grow` adds."""

    def __init__(self, make_user: Callable[..., User]) -> None:
        self.make_user = make_user
        # Fields are reference data kept in the admin (no service writes them), as in the
        # portal's other tests.
        self.topic = Field.objects.create(code="cds", name_vi="Chuyển đổi số", name_en="Digital")
        self.citizen = User.objects.create_user(username="citizen-q", password=None)
        self.secretariat = make_user("BCDTW", "secretariat")
        self.reporter = make_user("BKHCN", "reporter")
        self.btc = make_user("BTC", "reporter")
        self.sent = 0
        self.to_sort = self.send()
        self.handling = self.accept(self.send("initiative"))
        self.published = self.answer(self.send("recommendation"))

    def send(self, kind: str = "feedback") -> Item:
        self.sent += 1
        return services.item_submit(
            self.citizen,
            kind=kind,
            field=self.topic,
            # Alike, so that the sorting page finds them similar.
            title=f"Kiến nghị {self.sent} về chuyển đổi số",
            content="Đề nghị rút gọn thủ tục cấp phép cho doanh nghiệp khoa học công nghệ.",
            contact_name="Nguyễn Thị Dân",
            contact_email="dan@example.vn",
        )

    def route(self, item: Item, body: str = "BKHCN") -> Item:
        where = Organization.objects.get(code=body)
        return services.item_route(self.secretariat, item=item, body=where, today=TODAY)

    def handler(self, body: str) -> User:
        return self.reporter if body == "BKHCN" else self.btc

    def accept(self, item: Item, body: str = "BKHCN") -> Item:
        return services.item_accept(self.handler(body), item=self.route(item, body))

    def answer(self, item: Item, body: str = "BKHCN", *, publish: bool = True) -> Item:
        return services.item_answer(
            self.handler(body), item=self.accept(item, body), text="Đã xử lý.", publish=publish
        )

    def grow(self, count: int = 12) -> None:
        """`count` more items at every stage, and the measured items' own rows grow too: a
        supporter of the published item, an assessment of the handled initiative."""
        stages: list[Callable[[Item], object]] = [
            lambda item: item,  # waits to be sorted
            self._bounced_twice,
            self.route,
            self.accept,
            self._answered_and_rated,
            lambda item: self.answer(item, publish=False),
            lambda item: services.item_refuse(self.secretariat, item=item, reason="Khiếu nại"),
            lambda item: services.item_merge(self.secretariat, item=item, into=self.published),
            lambda item: self.route(item, "BTC"),
            lambda item: self.answer(item, "BTC"),
            lambda item: self.accept(item, "BTC"),
        ]
        for index in range(count):
            stages[index % len(stages)](self.send(KINDS[index % len(KINDS)]))
            supporter = User.objects.create_user(username=f"supporter-{self.sent}", password=None)
            services.item_support(supporter, item=self.published)
            services.initiative_assess(
                self.make_user("BKHCN", "reporter"),
                item=self.handling,
                novelty=4,
                feasibility=3,
                impact=5,
                comment="Khả thi",
            )
        services.item_rate(self.citizen, item=self.published, resolved=True, satisfaction=4)

    def _bounced_twice(self, item: Item) -> Item:
        for body in ("BTC", "BKHCN"):
            item = services.item_decline(
                self.handler(body), item=self.route(item, body), reason="Không thuộc"
            )
        assert item.needs_attention
        return item

    def _answered_and_rated(self, item: Item) -> Item:
        item = self.answer(item)
        services.item_rate(self.citizen, item=item, resolved=False, satisfaction=2)
        return item


@pytest.fixture
def world(make_user: Callable[..., User]) -> World:
    made = World(make_user)
    assert Item.objects.count() == 3
    return made


SIGNED_IN = 5  # session and user (2), the session's renewal for the idle timeout (3)
TRACKING_CODE = r"PA-[0-9A-Z]{4}-[0-9A-Z]{4}"


def counting(pattern: str) -> Callable[[str], int]:
    return lambda text: len(re.findall(pattern, text))


def supporters(text: str) -> int:
    found = re.search(r'id="support-count">(\d+) supporter', text)
    assert found
    return int(found[1])


MOVES = counting(r"<li><time ")  # an item's public history
ROWS = counting(r"(?m)^" + TRACKING_CODE + ",")  # the export's lines


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # anonymous, citizen, secretariat or reporter (BKHCN's)
    url: Callable[[World], str]
    # The pin: the count measured, the same on SQLite and PostgreSQL; never a query per row.
    queries: int
    # What the page shows of the rows that grow: more after the twelve items, so that an
    # equal count of queries says something (None where nothing shown grows).
    shown: Callable[[str], int] | None
    status: int = 200


PAGES = [
    # The published items' count and page (2), the counters (1).
    Page("home", "anonymous", lambda w: "/feedback/", 3, counting(r'href="/feedback/items/')),
    Page(
        "home searching",
        "anonymous",
        lambda w: "/feedback/?q=chuyen+doi+so",
        3,
        counting(r'href="/feedback/items/'),
    ),
    # The item, its history with the bodies' names.
    Page(
        "track",
        "anonymous",
        lambda w: f"/feedback/track/?code={w.handling.tracking_code}",
        2,
        MOVES,
    ),
    # The item, its history, its supporters' count.
    Page(
        "item",
        "anonymous",
        lambda w: f"/feedback/items/{w.published.tracking_code}/",
        3,
        supporters,
    ),
    # The frame's memberships and scope (2), the fields (1).
    Page("new", "citizen", lambda w: "/feedback/new/", SIGNED_IN + 3, None),
    # The frame (2), the items (1).
    Page(
        "mine",
        "citizen",
        lambda w: "/feedback/mine/",
        SIGNED_IN + 3,
        counting(r'href="/feedback/mine/' + TRACKING_CODE),
    ),
    # The item, its history, the scope (asked whether the sender may see it) and the frame,
    # and the rating of an answered item.
    Page(
        "mine item answered",
        "citizen",
        lambda w: f"/feedback/mine/{w.published.tracking_code}/",
        SIGNED_IN + 5,
        counting(r'value="yes" checked'),  # rated once the items have grown
    ),
    Page(
        "mine item handling",
        "citizen",
        lambda w: f"/feedback/mine/{w.handling.tracking_code}/",
        SIGNED_IN + 4,
        MOVES,
    ),
    # Per body (1), the days to answer (1), the bodies' names (1).
    Page("stats", "anonymous", lambda w: "/feedback/stats/", 3, counting(r'data-body="')),
    # The published items, streamed.
    Page("export", "anonymous", lambda w: "/feedback/export.csv", 1, ROWS),
    # The scope (1), the items (1), the access to personal data logged (1).
    Page("export", "secretariat", lambda w: "/feedback/export.csv", SIGNED_IN + 3, ROWS),
    Page("export", "reporter", lambda w: "/feedback/export.csv", SIGNED_IN + 3, ROWS),
    # The scope, the queue to sort, the body's queue, the frame, the menu's waiting count.
    Page(
        "handle",
        "secretariat",
        lambda w: "/feedback/handle/",
        SIGNED_IN + 5,
        counting(r'href="/feedback/handle/' + TRACKING_CODE),
    ),
    # The scope, the body's queue, the frame, the menu's waiting count.
    Page(
        "handle",
        "reporter",
        lambda w: "/feedback/handle/",
        SIGNED_IN + 4,
        counting(r'href="/feedback/handle/' + TRACKING_CODE),
    ),
    # The item, the scope, the bodies, the classifier's marker and (retrained) the items it
    # learns from (2), the history, the similar items, the assessments, the frame, whether it
    # has attachments, the fields, the access to personal data logged, the menu's count.
    Page(
        "handle item",
        "secretariat",
        lambda w: f"/feedback/handle/{w.to_sort.tracking_code}/",
        SIGNED_IN + 13,
        counting(r'name="into"'),
    ),
    # The item, the scope, the bodies, the history, the assessments, the frame, whether it
    # has attachments, the access to personal data logged, the menu's waiting count.
    Page(
        "handle item",
        "reporter",
        lambda w: f"/feedback/handle/{w.handling.tracking_code}/",
        SIGNED_IN + 9,
        counting(r"novelty \d"),
    ),
]


def client_for(world: World, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(world, who))
    return client


def fetch(client: Client, url: str, status: int) -> str:
    """The page, read to its end: an export's rows are queried as it streams (and the test
    client closes the response once they are all read)."""
    response = client.get(url)
    assert response.status_code == status
    if response.streaming:
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return response.content.decode()


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.name}-{p.who}" for p in PAGES])
def test_the_page_runs_a_fixed_number_of_queries_however_many_items(
    page: Page, world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world, page.who)
    url = page.url(world)
    with django_assert_max_num_queries(page.queries) as few:
        before = fetch(client, url, page.status)
    world.grow(12)
    assert Item.objects.count() == 15
    with django_assert_max_num_queries(page.queries) as many:
        after = fetch(client, url, page.status)
    extra = [query["sql"] for query in many.captured_queries[len(few.captured_queries) :]]
    assert len(many.captured_queries) == len(few.captured_queries), extra
    if page.shown is not None:
        assert page.shown(after) > page.shown(before)
