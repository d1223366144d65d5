"""The registry's demo: the databases of Resolution 71/NQ-CP's list for 2025 and Plan 02's
national databases, with their 2025 history, from `data/demo_databases.csv` (see its README);
their investment dossiers (`dossiers.demo`) and data-sharing requests (`sharing.demo`)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from nq57.core.actors import SYSTEM

from .choices import DatabaseStatus
from .dossiers.demo import dossier_demo_is_loaded, load_dossier_demo
from .exchange import databases_import
from .models import Database, StatusEntry
from .services import database_connect
from .sharing.demo import load_sharing_demo, sharing_demo_is_loaded

__all__ = [
    "DEMO_FILE",
    "dossier_demo_is_loaded",
    "load_dossier_demo",
    "load_registry_demo",
    "load_sharing_demo",
    "registry_demo_is_loaded",
    "sharing_demo_is_loaded",
]

DEMO_FILE = Path(__file__).parent / "data" / "demo_databases.csv"
# The day of the Central Steering Committee's report the demo reproduces.
REPORT_DAY = date(2025, 12, 5)


def registry_demo_is_loaded() -> bool:
    return Database.objects.exists()


def load_registry_demo() -> None:
    """Import the demo file as the system would, all or nothing; then connect three in four
    of the databases formed by the report's day to the sharing platform, a month after."""
    with DEMO_FILE.open("rb") as stream:
        databases_import(SYSTEM, stream)
    formed = StatusEntry.objects.filter(status=DatabaseStatus.FORMED, since__lte=REPORT_DAY)
    for number, entry in enumerate(formed.select_related("database").order_by("database__code")):
        if number % 4 != 3:
            on = min(entry.since + timedelta(days=30), REPORT_DAY)
            database_connect(SYSTEM, database=entry.database, on=on)
