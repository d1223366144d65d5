"""The organisation tree in the Django admin: every save goes through the services, so an
organisation always gets its path, depth and group and every change is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nq57.core.errors import DomainError

from . import services
from .models import PATH_SEPARATOR, Organization


class OrganizationAdminForm(forms.ModelForm[Organization]):
    """Checks what the services would refuse, so the admin shows it on the form."""

    class Meta:
        model = Organization
        fields = ["code", "name_vi", "name_en", "kind", "parent"]

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if PATH_SEPARATOR in code:
            raise forms.ValidationError(_("A code cannot contain '/'."))
        taken = Organization.objects.filter(code__iexact=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This code already exists."))
        return code

    def clean_parent(self) -> Organization | None:
        parent: Organization | None = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and parent.is_within(self.instance):
            raise forms.ValidationError(_("An organisation cannot move under itself."))
        if parent is not None and not parent.is_active:
            raise forms.ValidationError(_("This organisation is closed."))
        return parent


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    form = OrganizationAdminForm
    list_display = ["code", "name_vi", "kind", "group", "parent", "is_active"]
    list_filter = ["kind", "group", "is_active"]
    search_fields = ["code", "name_vi", "name_en"]
    raw_id_fields = ["parent"]
    actions = ["close_organisations"]

    def get_readonly_fields(self, request: HttpRequest, obj: Organization | None = None) -> Any:
        computed = ["path", "depth", "group", "is_active", "closed_on"]
        # The code is in every path below and in exchange files: it is set once.
        return [*computed, "code", "kind"] if obj is not None else computed

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        actor = request.user
        if not change:
            saved = services.org_create(
                actor,
                code=obj.code,
                name_vi=obj.name_vi,
                name_en=obj.name_en,
                kind=obj.kind,
                parent=obj.parent,
            )
        else:
            saved = Organization.objects.get(pk=obj.pk)
            if "parent" in form.changed_data:
                saved = services.org_move(actor, org=saved, parent=obj.parent)
            if {"name_vi", "name_en"} & set(form.changed_data):
                saved = services.org_update(
                    actor, org=saved, name_vi=obj.name_vi, name_en=obj.name_en
                )
        for field in Organization._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))

    def has_delete_permission(self, request: HttpRequest, obj: Organization | None = None) -> bool:
        return False  # an organisation with history is closed, never deleted

    @admin.action(description=_("Close the selected organisations"))
    def close_organisations(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        today = timezone.localdate()
        for org in queryset.order_by("-depth"):
            try:
                services.org_close(request.user, org=org, on=today)
            except DomainError as error:
                reasons = [m for ms in error.fields.values() for m in ms] or [str(error)]
                messages.error(request, f"{org.code}: {' '.join(reasons)}")
            else:
                messages.success(request, _("Closed %(code)s.") % {"code": org.code})
