"""The budget's demo: the December 2025 picture the steering committee was given — the
Ministry of Science and Technology's proposal of 16,716,074 million VND for 26 central
ministries and agencies (14,797,456) and 20 provinces (1,918,618), the 13,659,992 the Prime
Minister agreed (3,056,082 left unallocated) — with some first proposals revised before the
final one, and the disbursements of 2026 (`data/demo_budget.csv`)."""

from __future__ import annotations

from pathlib import Path

from nq57.core.actors import SYSTEM

from .exchange import budget_import
from .models import Entry

DEMO_FILE = Path(__file__).parent / "data" / "demo_budget.csv"


def budget_demo_is_loaded() -> bool:
    return Entry.objects.exists()


def load_budget_demo() -> None:
    """Import the demo file as the system would, all or nothing."""
    with DEMO_FILE.open("rb") as stream:
        budget_import(SYSTEM, stream)
