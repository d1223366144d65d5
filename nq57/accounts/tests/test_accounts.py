"""Accounts, roles and tokens are managed by the secretariat; the tree by the system."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nq57.accounts.access import has_role_at, is_secretariat, roles_at, scope_of
from nq57.accounts.choices import Role
from nq57.accounts.models import User
from nq57.accounts.services import api_token_issue, membership_grant, user_create
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create

pytestmark = pytest.mark.django_db


def test_only_the_secretariat_creates_accounts_grants_roles_and_issues_tokens(
    make_user: Callable[..., User], org: Callable[[str], Organization]
) -> None:
    admin = make_user("BKHCN", Role.ORG_ADMIN)
    secretariat = make_user("BCDTW", Role.SECRETARIAT)
    with pytest.raises(NotPermitted):
        user_create(admin, username="x", password=None, organization=org("BKHCN"), role="viewer")
    with pytest.raises(NotPermitted):
        membership_grant(admin, user=admin, organization=org("01"), role=Role.APPROVER)
    with pytest.raises(NotPermitted):
        api_token_issue(admin, user=admin, name="mine")
    assert not has_role_at(admin, org("01"), {Role.APPROVER})
    made = user_create(
        secretariat, username="y", password=None, organization=org("BKHCN"), role="viewer"
    )
    assert roles_at(made, org("BKHCN").path) == {Role.VIEWER}
    assert api_token_issue(secretariat, user=made, name="tich-hop")[1].startswith("nq57_")


def test_only_the_system_and_superusers_change_the_tree(
    make_user: Callable[..., User], org: Callable[[str], Organization]
) -> None:
    secretariat = make_user("BCDTW", Role.SECRETARIAT)
    with pytest.raises(NotPermitted):
        org_create(secretariat, code="BKHCN-X", name_vi="Cục X", kind="unit", parent=org("BKHCN"))
    unit = org_create(SYSTEM, code="BKHCN-X", name_vi="Cục X", kind="unit", parent=org("BKHCN"))
    assert unit.path == org("BKHCN").path + "BKHCN-X/"


def test_roles_hold_below_the_organisation_they_are_granted_in(
    make_user: Callable[..., User], org: Callable[[str], Organization]
) -> None:
    reporter = make_user("01", Role.REPORTER)
    commune = Organization.objects.filter(parent=org("01")).first()
    assert commune is not None
    assert has_role_at(reporter, commune, {Role.REPORTER})
    assert not has_role_at(reporter, org("79"), {Role.REPORTER})
    assert not is_secretariat(reporter)
    assert scope_of(reporter).covers(commune.path)
    assert is_secretariat(SYSTEM)
