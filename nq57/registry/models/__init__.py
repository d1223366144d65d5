"""The registry's models, one module per part: the databases and their history, their quality,
and the sharing of their data."""

from .databases import Database, DatabaseList, InvestmentDossier, StatusEntry
from .quality import CheckResult, QualityMethod
from .sharing import SharingRequest

__all__ = [
    "CheckResult",
    "Database",
    "DatabaseList",
    "InvestmentDossier",
    "QualityMethod",
    "SharingRequest",
    "StatusEntry",
]
