"""Read-only admin: status history and lists are written by the services (the import), the
investment dossiers and their steps by the dossier pages' services, each with its audit."""

from django.contrib import admin

from nq57.core.admin import ReadOnlyAdmin

from .models import Database, DatabaseList, DossierDecision, InvestmentDossier, StatusEntry


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


class DossierDecisionInline(admin.TabularInline):
    model = DossierDecision
    fields = ("step", "state", "dated", "missing_documents", "note", "recorded_by", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(InvestmentDossier)
class InvestmentDossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "database", "amount_million_vnd", "registered_on", "appraiser"]
    search_fields = ["database__code", "database__name", "reference"]
    list_select_related = ["database", "appraiser"]
    inlines = [DossierDecisionInline]
