"""Read-mostly admin: status history and lists are written by the services (the import), so
only the investment dossiers, which have no pages yet, are edited here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Database, DatabaseList, InvestmentDossier, StatusEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DatabaseList)
class DatabaseListAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class StatusEntryInline(admin.TabularInline):
    model = StatusEntry
    fields = ("since", "status", "risk", "risk_reason", "recorded_by", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Database)
class DatabaseAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "owner"]
    list_filter = ["kind", "lists"]
    search_fields = ["code", "name"]
    list_select_related = ["owner"]
    inlines = [StatusEntryInline]


@admin.register(InvestmentDossier)
class InvestmentDossierAdmin(admin.ModelAdmin):
    list_display = ["database", "amount_million_vnd", "state", "dated"]
    list_filter = ["state"]
    search_fields = ["database__code", "database__name"]
    raw_id_fields = ["database"]
