"""The budget in the admin: read-only, since every write goes through the services (audited,
never rewriting history)."""

from django.contrib import admin

from nq57.core.admin import ReadOnlyAdmin

from .models import Entry, Programme, StateSpending


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("year", "organization", "programme", "stage", "amount", "dated", "source")
    list_filter = ("year", "stage", "programme")
    search_fields = ("organization__code", "organization__name", "programme__code")
    list_select_related = ("organization", "programme")


@admin.register(StateSpending)
class StateSpendingAdmin(ReadOnlyAdmin):
    list_display = ("year", "basis", "amount", "dated")
    list_filter = ("year", "basis")
