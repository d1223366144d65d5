"""Read-mostly admin: status history and lists are written by the services (the import), so
only the investment dossiers, which have no pages yet, are edited here."""

from django.contrib import admin

from nq57.core.admin import ReadOnlyAdmin

from .models import Database, DatabaseList, InvestmentDossier, StatusEntry


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
