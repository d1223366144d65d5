"""The budget's demo: the December 2025 picture the steering committee was given — the
Ministry of Science and Technology's proposal of 16,716,074 million VND for 26 central
ministries and agencies (14,797,456) and 20 provinces (1,918,618), the 13,659,992 the Prime
Minister agreed (3,056,082 left unallocated) — with some first proposals revised before the
final one, and the disbursements of 2026 (`data/demo_budget.csv`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nq57.core.actors import SYSTEM

from .choices import SpendingBasis
from .exchange import budget_import
from .models import Entry
from .services import state_spending_record

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
