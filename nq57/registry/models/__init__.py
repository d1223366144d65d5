"""The registry's models, one module per part: the databases and their history, their quality,
and the sharing of their data."""

from .databases import Database, DatabaseList, InvestmentDossier, StatusEntry
from .sharing import SharingRequest

__all__ = ["Database", "DatabaseList", "InvestmentDossier", "SharingRequest", "StatusEntry"]
