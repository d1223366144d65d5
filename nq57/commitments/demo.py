"""The commitments' demo: leaders of the Ministry of Science and Technology committed to the
demo's databases, tasks and money — three fallen due and judged (kept, partly kept, broken),
two still open, one of them signed with the demo key. Built from whatever the other demos
hold as of today, so that the outcomes are the ones named whatever day the demo is loaded."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.registry.choices import DatabaseStatus
from nq57.registry.models import Database, StatusEntry
from nq57.reports.demo_key import write_demo_key
from nq57.reports.documents.pdf import sign_pdf

from .documents import commitment_pdf
from .judging import judge_due
from .links import BudgetSpec, DatabaseSpec, Links
from .models import Commitment
from .record import with_links
from .services import commitment_record, commitment_sign

ORG = "BKHCN"
MINISTER = ("Nguyễn Văn An", "Bộ trưởng")
DEPUTY = ("Trần Thị Bình", "Thứ trưởng")
DEMO_PASSPHRASE = b"demo"  # a key made on the spot for the demo, never a real one


def commitments_demo_is_loaded() -> bool:
    return Commitment.objects.exists()


def _databases_as_of(day: date) -> dict[str, list[Database]]:
    """The databases by their status in force on `day`, by code."""
    latest = StatusEntry.objects.filter(database=OuterRef("pk"), since__lte=day).order_by("-since")
    found: dict[str, list[Database]] = {status: [] for status in DatabaseStatus.values}
    rows = Database.objects.annotate(status=Subquery(latest.values("status")[:1])).order_by("code")
    for database in rows:
        if database.status:
            found[database.status].append(database)
    return found


def _links(*databases: tuple[Database | None, str], budget: BudgetSpec | None = None) -> Links:
    links = Links(
        databases=[DatabaseSpec(db, status) for db, status in databases if db is not None]
    )
    if budget is not None:
        links.budgets.append(budget)
    return links


def _first(rows: list[Database], at: int = 0) -> Database | None:
    return rows[at] if len(rows) > at else None


def load_commitments_demo(today: date | None = None) -> int:
    """Record the demo's commitments, judge those fallen due, sign one; how many recorded."""
    today = today or timezone.localdate()
    org = Organization.objects.get(code=ORG)
    past = [today - timedelta(days=days) for days in (90, 60, 30)]
    later = today + timedelta(days=180)
    plans: list[tuple[tuple[str, str], str, date, Links]] = []
    kept_day, partly_day, broken_day = past
    kept_dbs = _databases_as_of(kept_day)
    plans.append(
        (
            MINISTER,
            "Hoàn thành, đưa vào vận hành các cơ sở dữ liệu quốc gia do Bộ chủ trì.",
            kept_day,
            _links(
                (_first(kept_dbs[DatabaseStatus.FORMED]), DatabaseStatus.FORMED),
                (_first(kept_dbs[DatabaseStatus.FORMED], 1), DatabaseStatus.FORMED),
            ),
        )
    )
    partly_dbs = _databases_as_of(partly_day)
    plans.append(
        (
            DEPUTY,
            "Hình thành tập trung cơ sở dữ liệu và triển khai cơ sở dữ liệu chuyên ngành.",
            partly_day,
            _links(
                (_first(partly_dbs[DatabaseStatus.FORMED], 2), DatabaseStatus.FORMED),
                (_first(partly_dbs[DatabaseStatus.NOT_STARTED]), DatabaseStatus.FORMED),
            ),
        )
    )
    broken_dbs = _databases_as_of(broken_day)
    plans.append(
        (
            MINISTER,
            "Đưa các cơ sở dữ liệu còn chậm vào vận hành trước thời hạn.",
            broken_day,
            _links(
                (_first(broken_dbs[DatabaseStatus.NOT_STARTED], 1), DatabaseStatus.FORMED),
                (_first(broken_dbs[DatabaseStatus.DEPLOYING]), DatabaseStatus.FORMED),
            ),
        )
    )
    open_dbs = _databases_as_of(today)
    for leader, what in (
        (MINISTER, "Hoàn thành hình thành tập trung toàn bộ cơ sở dữ liệu đang triển khai."),
        (DEPUTY, "Triển khai các cơ sở dữ liệu chưa triển khai trong sáu tháng."),
    ):
        status = DatabaseStatus.FORMED if leader == MINISTER else DatabaseStatus.DEPLOYING
        source = DatabaseStatus.DEPLOYING if leader == MINISTER else DatabaseStatus.NOT_STARTED
        plans.append((leader, what, later, _links((_first(open_dbs[source], 2), status))))
    made: list[Commitment] = []
    for (name, position), what, due_on, links in plans:
        if not links.count:
            continue  # the other demos hold nothing to measure it by
        made.append(
            commitment_record(
                SYSTEM,
                organization=org,
                leader_name=name,
                position=position,
                what=what,
                committed_on=due_on - timedelta(days=200),
                due_on=due_on,
                links=links,
            )
        )
    judge_due(today)
    open_ones = [c for c in made if c.due_on > today]
    if open_ones:  # the last: the first stays open to edit (the pages' crawl edits it)
        _sign(open_ones[-1], open_ones[-1].leader.full_name)
    return len(made)


def _sign(commitment: Commitment, name: str) -> None:
    """Sign as the leader would on their own machine, with a demo key made on the spot."""
    loaded = with_links(Commitment.objects.filter(pk=commitment.pk)).get()
    with tempfile.TemporaryDirectory() as folder:
        key = write_demo_key(Path(folder) / "demo.p12", DEMO_PASSPHRASE, name=name)
        signed = sign_pdf(
            commitment_pdf(loaded), key, DEMO_PASSPHRASE, reason="Cam kết (bản trình diễn)"
        )
    commitment_sign(SYSTEM, commitment=loaded, content=signed)
