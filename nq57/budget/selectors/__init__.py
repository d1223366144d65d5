"""Reads of the budget, the same for every official (`permissions.can_read_budget`): a year's
figures as of a day (`figures`), the entries behind each figure (`entries`), the pages' figures
with the lists they link to (`pages`), and an organisation over the years (`orgs`)."""

from .figures import (
    YearBudget,
    budget_summary,
    disbursements,
    entries_in_force,
    year_budget,
)

__all__ = [
    "YearBudget",
    "budget_summary",
    "disbursements",
    "entries_in_force",
    "year_budget",
]
