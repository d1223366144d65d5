"""Roles changed in the user admin go through the services and are audited."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

from nq57.accounts.admin import MembershipInline
from nq57.accounts.choices import Role
from nq57.accounts.models import Membership, User
from nq57.core.models import AuditEvent
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_roles_granted_and_taken_away_in_the_admin_are_audited(
    make_user: Callable[..., Any],
) -> None:
    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    official = make_user("BKHCN", Role.REPORTER)
    kept_out = official.memberships.get()
    request = RequestFactory().post("/")
    request.user = superuser
    formset_class = MembershipInline(User, admin.site).get_formset(request, official)
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": str(kept_out.pk),
        f"{prefix}-0-user": str(official.pk),
        f"{prefix}-0-organization": str(kept_out.organization_id),
        f"{prefix}-0-role": Role.REPORTER,
        f"{prefix}-0-DELETE": "on",
        f"{prefix}-1-user": str(official.pk),
        f"{prefix}-1-organization": str(Organization.objects.get(code="01").pk),
        f"{prefix}-1-role": Role.APPROVER,
    }
    formset = formset_class(data, instance=official, prefix=prefix)
    assert formset.is_valid(), formset.errors
    admin.site._registry[User].save_formset(
        request, SimpleNamespace(instance=official), formset, change=True
    )
    assert list(
        Membership.objects.filter(user=official).values_list("role", "organization__code")
    ) == [(Role.APPROVER, "01")]
    events = AuditEvent.objects.filter(subject_type="user", subject_id=official.pk, actor=superuser)
    assert sorted(events.values_list("event", flat=True)) == [
        "membership.granted",
        "membership.revoked",
    ]
