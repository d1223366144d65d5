from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from . import services
from .models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    raw_id_fields = ["organization"]
    extra = 0


@admin.register(User)
class NQ57UserAdmin(UserAdmin[User]):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active"]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Roles granted, changed or taken away here go through the services, so each is
        audited like any other change of role."""
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                old = Membership.objects.select_related("organization").get(pk=deleted.instance.pk)
                services.membership_revoke(request.user, membership=old)
        for inline in formset.forms:
            if inline in formset.deleted_forms or not inline.has_changed():
                continue
            wanted = inline.instance
            if wanted.pk is not None:  # a changed row: the old role goes, the new one comes
                old = Membership.objects.select_related("organization").get(pk=wanted.pk)
                services.membership_revoke(request.user, membership=old)
            services.membership_grant(
                request.user, user=user, organization=wanted.organization, role=wanted.role
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "scope", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "last_used_at"]
