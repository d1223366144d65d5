"""The record of processing of personal data is shipped as data, complete in both languages,
names fields that exist, covers the portal's personal data, and is shown to administrators
only (issue 12 item 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from nq57.core import processing
from nq57.core.processing import ProcessingRecordError, processing_record
from nq57.feedback.rules import KEEP_YEARS, PERSONAL_FIELDS


def test_every_activity_says_whom_what_why_on_which_basis_and_how_long_in_both_languages() -> None:
    activities = processing_record()
    assert {a.code for a in activities} >= {"portal_items", "official_accounts", "audit_trail"}
    for activity in activities:
        for field in processing.BILINGUAL:
            assert activity.texts[field]["vi"]
            assert activity.texts[field]["en"]
            assert activity.texts[field]["vi"] != activity.texts[field]["en"]


def test_every_field_it_names_exists() -> None:
    for activity in processing_record():
        for place in activity.held_in:
            app_label, model_name, field = place.split(".")
            model = apps.get_model(app_label, model_name)
            assert model._meta.get_field(field), place


def test_the_portals_personal_data_and_their_retention_are_recorded() -> None:
    portal = next(a for a in processing_record() if a.code == "portal_items")
    for field in PERSONAL_FIELDS:
        assert f"feedback.Item.{field}" in portal.held_in
    assert portal.retention_years == KEEP_YEARS


@pytest.mark.parametrize(
    "broken",
    [
        {"purpose_vi": ""},
        {"retention_years": -1},
        {"held_in": []},
        {"legal_basis_en": None},
        {"kept_as_evidence": True},  # a retention and kept as evidence: which is it?
        {"retention_years": None},  # neither a retention nor a reason to keep
        {"retention_days": "90"},
        {"retention_years": 0},  # under a year needs its days
    ],
)
def test_a_malformed_record_is_refused(
    broken: dict[str, Any], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(processing.DATA.read_text(encoding="utf-8"))
    rows[0].update(broken)
    path = tmp_path / "processing.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    monkeypatch.setattr(processing, "DATA", path)
    processing_record.cache_clear()
    try:
        with pytest.raises(ProcessingRecordError):
            processing_record()
    finally:
        processing_record.cache_clear()


@pytest.mark.django_db
def test_administrators_read_it_and_no_one_else(make_user: Callable[..., Any]) -> None:
    from nq57.accounts.models import User

    def page(user: Any) -> Any:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client.get("/privacy/processing/")

    superuser = User.objects.create_superuser("root", "root@example.vn", "x")
    administrators = (make_user("BCDTW", "secretariat"), make_user("BTC", "org_admin"), superuser)
    for administrator in administrators:
        response = page(administrator)
        assert response.status_code == 200
        text = response.content.decode()
        for activity in processing_record():
            assert f'data-activity="{activity.code}"' in text
        assert "Decree 13/2023" in text
    for other in (make_user("BTC", "approver"), make_user("UBKTTW", "inspector")):
        assert page(other).status_code == 404
    citizen = User.objects.create_user(username="citizen-record", password=None)
    # The officials-only gate answers first: a citizen is sent to the portal.
    response = page(citizen)
    assert (response.status_code, response["Location"]) == (302, "/feedback/")
    assert page(None).status_code == 302  # to the sign-in
