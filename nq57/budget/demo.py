"""The budget's demo: the December 2025 picture the steering committee was given — the
Ministry of Science and Technology's proposal of 16,716,074 million VND for 26 central
ministries and agencies (14,797,456) and 20 provinces (1,918,618), the 13,659,992 the Prime
Minister agreed (3,056,082 left unallocated) — with some first proposals revised before the
final one, and the disbursements of 2026 (`data/demo_budget.csv`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.utils import timezone

from nq57.core.actors import SYSTEM
from nq57.tasks.models import Task

from .choices import SpendingBasis
from .exchange import budget_import
from .models import Entry
from .services import entry_link_tasks, state_spending_record
from .watch import watch_money

DEMO_FILE = Path(__file__).parent / "data" / "demo_budget.csv"


def budget_demo_is_loaded() -> bool:
    return Entry.objects.exists()


# The year's totals of state spending the share is divided by, in million VND. Illustrative
# round figures for the demo (the order of magnitude of a year's state budget), not the
# settled accounts: the page shows both bases side by side because they give other shares.
DEMO_TOTALS = {
    SpendingBasis.TOTAL: 2_548_662_000,
    SpendingBasis.BALANCED: 2_061_000_000,
}
DEMO_TOTALS_DATED = date(2024, 11, 13)


def load_budget_demo() -> None:
    """Import the demo file as the system would, all or nothing, and the year's totals of
    state spending."""
    with DEMO_FILE.open("rb") as stream:
        budget_import(SYSTEM, stream)
    for basis, amount in DEMO_TOTALS.items():
        state_spending_record(
            SYSTEM,
            year=2025,
            basis=basis,
            amount=amount,
            dated=DEMO_TOTALS_DATED,
            note="Số liệu minh hoạ cho bản trình diễn",
        )
    _link_demo_tasks()
    watch_money(timezone.localdate())


# The money linked to the work it pays for: each approval to its organisation's first tasks
# still open (by code), so that the money is compared with their progress.
DEMO_LINKS = (("BKHCN", "DA06"), ("BTP", "NQ57"), ("BCA", "NQ57"), ("BXD", "NQ57"))
DEMO_LINKED_TASKS = 3


def _link_demo_tasks() -> None:
    for org, programme in DEMO_LINKS:
        approval = (
            Entry.objects.filter(
                year=2025, organization__code=org, programme__code=programme, stage="approved"
            )
            .order_by("-dated", "-pk")
            .first()
        )
        tasks = Task.objects.filter(lead_org__code=org, completed_on__isnull=True).order_by("code")[
            :DEMO_LINKED_TASKS
        ]
        if approval is not None:
            entry_link_tasks(SYSTEM, entry=approval, tasks=list(tasks))
