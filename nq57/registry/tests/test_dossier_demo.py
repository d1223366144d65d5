"""The demo's investment dossiers reproduce the committee's report of 5 December 2025: 18
databases of 7 ministries registered with the Ministry of Science and Technology and returned
because their dossiers were incomplete, over 300,000 million VND; and the registry's page
shows it, linked to the list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.orgs.models import Organization
from nq57.registry.demo import dossier_demo_is_loaded, load_dossier_demo, load_registry_demo
from nq57.registry.dossiers import permissions
from nq57.registry.dossiers.selectors import DossierFilters, dossier_figures, dossiers_filtered
from nq57.registry.models import InvestmentDossier

from .dossier_pages import dossier_figure_links, list_totals

pytestmark = pytest.mark.django_db
REPORT_DAY = date(2025, 12, 5)


@pytest.fixture
def demo() -> None:
    load_registry_demo()
    assert not dossier_demo_is_loaded()
    load_dossier_demo()
    assert dossier_demo_is_loaded()


def values(day: date) -> dict[str, dict[str, int]]:
    figures = dossier_figures(DossierFilters(as_of=day))
    return {group: {k: f.value for k, f in shown.items()} for group, shown in figures.items()}


def test_on_the_report_day_18_databases_of_7_ministries_stand_returned(demo: None) -> None:
    returned = values(REPORT_DAY)["returned"]
    assert returned == {"dossiers": 18, "databases": 18, "owners": 7, "amount": 312_450}
    assert returned["amount"] > 300_000
    owners = {
        row.database.owner
        for row in dossiers_filtered(DossierFilters(as_of=REPORT_DAY, states=("returned",)))
    }
    assert {owner.kind for owner in owners} == {"ministry"}
    ministry = Organization.objects.get(code="BKHCN")
    assert set(InvestmentDossier.objects.values_list("appraiser", flat=True)) == {ministry.pk}
    # A few approved, a few awaiting the ministry's decision.
    figures = values(REPORT_DAY)
    assert figures["approved"]["dossiers"] == 3
    assert figures["awaiting"]["dossiers"] == 3
    assert figures["all"]["dossiers"] == 24


def test_the_figures_move_with_the_day(demo: None) -> None:
    # Before the first returns, none; after the report, two resubmitted, one approved.
    assert values(date(2025, 5, 1))["returned"]["dossiers"] == 0
    assert values(date(2026, 2, 1))["returned"]["dossiers"] == 16
    assert values(date(2026, 2, 1))["approved"]["dossiers"] == 5


def test_the_demo_logins_act_as_the_readme_says(demo: None) -> None:
    appraiser = User.objects.get(username="quantri.bkhcn")
    finance = User.objects.get(username="baocao.btc")
    returned = dossiers_filtered(DossierFilters(as_of=date.today(), states=("returned",)))
    btc = [d for d in returned if d.database.owner.code == "BTC"]
    assert btc
    assert all(permissions.can_resubmit(finance, d) for d in btc)
    assert all(permissions.can_appraise(appraiser, d) for d in returned)
    assert not any(permissions.can_appraise(finance, d) for d in returned)


def test_the_registry_page_shows_the_returned_figure_linked_to_the_list(
    demo: None, client: Client, make_user: Callable[..., Any]
) -> None:
    client.force_login(make_user("BTC", "viewer"))
    page = client.get("/registry/?list=NQ71-2025&as_of=05/12/2025").content.decode()
    links = {key: (url, value) for key, url, value in dossier_figure_links(page)}
    assert links["returned-databases"][1] == 18
    assert links["returned-owners"][1] == 7
    assert links["returned-amount"][1] == 312_450
    for key, (url, value) in links.items():
        measure = key.split("-")[1]
        assert list_totals(client, url)[measure] == value, key
