"""The quality demo: the 2025 pilot's assessments for 2025Q3 and 2025Q4 of the demo databases
formed or being deployed. The owners record their checks after each quarter, the National
Data Centre (TTDLQG) verifies most, adjusts two with a reason and leaves a few waiting.
Seeded, so every load gives the same figures."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nq57.accounts.models import User
from nq57.accounts.services import user_create
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization

from ..choices import DatabaseStatus
from ..models import CheckResult, Database
from ..selectors import with_standing
from . import services
from .methods import load_quality_methods_file
from .rules import CRITERIA

ASSESSOR_USERNAME = "danhgia.ttdlqg"
DEMO_PASSWORD = "nq57-demo"  # nosec B105  # the demo's shared password, as in tasks.demo
# Each quarter: when the owners record, and when the assessor verifies.
QUARTERS = (
    ("2025Q3", date(2025, 10, 8), date(2025, 10, 20)),
    ("2025Q4", date(2026, 1, 8), date(2026, 1, 20)),
)
ADJUSTED = 2  # Q4 results the assessor corrects
UNVERIFIED = 5  # Q4 databases whose checks wait for the assessor


def _at(day: date, minutes: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9))) + timedelta(minutes=minutes)


def quality_demo_is_loaded() -> bool:
    return CheckResult.objects.exists()


def demo_assessor() -> User:
    found = User.objects.filter(username=ASSESSOR_USERNAME).first()
    if found is not None:
        return found
    return user_create(
        SYSTEM,
        username=ASSESSOR_USERNAME,
        password=DEMO_PASSWORD,
        organization=Organization.objects.get(code=settings.NQ57_QUALITY_ASSESSOR),
        role="reporter",
        full_name="Chuyên viên đánh giá TTDLQG",
    )


@transaction.atomic
def load_quality_demo() -> None:
    """The methods (idempotent), then the pilot's assessments once."""
    load_quality_methods_file(SYSTEM)
    if quality_demo_is_loaded() or not Database.objects.exists():
        return
    assessor = demo_assessor()
    rng = random.Random(57)  # nosec B311  # demo figures, not secrets
    standing = with_standing(Database.objects.select_related("owner"), date(2025, 12, 5))
    databases = [
        db
        for db in standing.order_by("code")
        if db.status_then in (DatabaseStatus.FORMED, DatabaseStatus.DEPLOYING)  # type: ignore[attr-defined]
    ]
    levels = {db.pk: rng.uniform(0.45, 0.99) for db in databases}
    waiting = {db.pk for db in rng.sample(databases, min(UNVERIFIED, len(databases)))}
    adjusted = 0
    for period, recorded, verified in QUARTERS:
        for index, database in enumerate(databases):
            for offset, criterion in enumerate(CRITERIA):
                checked = rng.randint(20, 5000) * 100
                share = min(1.0, max(0.0, levels[database.pk] + rng.uniform(-0.12, 0.08)))
                if period == "2025Q4":
                    share = min(1.0, share + 0.03)  # a quarter of work shows
                result, _created = services.check_result_record(
                    SYSTEM,
                    database=database,
                    period=period,
                    criterion=criterion,
                    records_checked=checked,
                    records_passing=round(checked * share),
                    at=_at(recorded, index + offset),
                )
                if period == "2025Q4" and database.pk in waiting:
                    continue
                services.check_result_verify(assessor, result=result, at=_at(verified, index))
                if (
                    period == "2025Q4"
                    and criterion == "live"
                    and adjusted < ADJUSTED
                    and index % 7 == 3
                ):
                    services.check_result_adjust(
                        assessor,
                        result=result,
                        records_checked=checked,
                        records_passing=round(checked * share * 0.8),
                        reason=(
                            "Kiểm tra lại tại chỗ: một phần bản ghi cập nhật quá hạn so với "
                            "tần suất đã cam kết."
                        ),
                        at=_at(verified + timedelta(days=5), index),
                    )
                    adjusted += 1
