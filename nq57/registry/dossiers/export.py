"""The dossier list as a workbook for people: the rows the page lists, with their state as of
the page's day, in the page's language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy

from nq57.core.exchange import Column, Layout

from ..choices import DossierState
from ..models import InvestmentDossier


def _state_words(value: Any) -> str:
    return str(DossierState(value).label)


DOSSIERS = Layout(
    "dossiers",
    (
        Column("code", label=gettext_lazy("Dossier")),
        Column("database", label=gettext_lazy("Database code")),
        Column("name", label=gettext_lazy("Database")),
        Column("owner", label=gettext_lazy("Owner")),
        Column("reference", label=gettext_lazy("Reference")),
        Column("amount_million_vnd", typed=True, label=gettext_lazy("Amount (million VND)")),
        Column("registered_on", typed=True, label=gettext_lazy("Registered on")),
        Column("appraiser", label=gettext_lazy("Appraising body")),
        Column("state", label=gettext_lazy("State"), show=_state_words),
        Column("since", typed=True, label=gettext_lazy("Since")),
        Column("missing_documents", label=gettext_lazy("Missing documents")),
    ),
)


def dossier_rows(dossiers: Iterable[InvestmentDossier]) -> Iterator[dict[str, Any]]:
    """Rows of `selectors.dossiers_filtered`, as the layout names them."""
    for dossier in dossiers:
        yield {
            "code": dossier.code,
            "database": dossier.database.code,
            "name": dossier.database.name,
            "owner": dossier.database.owner.name,
            "reference": dossier.reference,
            "amount_million_vnd": dossier.amount_million_vnd,
            "registered_on": dossier.registered_on,
            "appraiser": dossier.appraiser.name,
            "state": dossier.state_then,  # type: ignore[attr-defined]
            "since": dossier.since_then,  # type: ignore[attr-defined]
            "missing_documents": dossier.missing_then  # type: ignore[attr-defined]
            if dossier.state_then == DossierState.RETURNED  # type: ignore[attr-defined]
            else "",
        }
