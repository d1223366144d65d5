"""The registry's models, one module per part: the databases and their history, their
investment dossiers, their quality, and the sharing of their data."""

from .databases import Database, DatabaseList, StatusEntry
from .dossiers import DossierDecision, InvestmentDossier
from .quality import CheckResult, QualityMethod
from .sharing import SharingRequest

__all__ = [
    "CheckResult",
    "Database",
    "DatabaseList",
    "DossierDecision",
    "InvestmentDossier",
    "QualityMethod",
    "SharingRequest",
    "StatusEntry",
]
