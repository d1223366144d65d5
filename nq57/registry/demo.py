"""The registry's demo: the databases of Resolution 71/NQ-CP's list for 2025 and Plan 02's
national databases, with their 2025 history, from `data/demo_databases.csv` (see its README)."""

from __future__ import annotations

from pathlib import Path

from nq57.core.actors import SYSTEM

from .exchange import databases_import
from .models import Database
from .sharing.demo import load_sharing_demo, sharing_demo_is_loaded

__all__ = [
    "DEMO_FILE",
    "load_registry_demo",
    "load_sharing_demo",
    "registry_demo_is_loaded",
    "sharing_demo_is_loaded",
]

DEMO_FILE = Path(__file__).parent / "data" / "demo_databases.csv"


def registry_demo_is_loaded() -> bool:
    return Database.objects.exists()


def load_registry_demo() -> None:
    """Import the demo file as the system would, all or nothing."""
    with DEMO_FILE.open("rb") as stream:
        databases_import(SYSTEM, stream)
