"""The budget's exchange file: its layout (`layout`), each row checked (`validate`) and the
whole file written all or nothing (`importer`)."""

from .importer import budget_import
from .layout import BUDGET

__all__ = ["BUDGET", "budget_import"]
