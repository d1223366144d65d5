"""Read-mostly admin: writes to tasks belong to the services, so the admin does not edit them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Program, Task


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "issuing_body", "issued_on"]
    search_fields = ["code", "title"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "program",
        "lead_org",
        "assigned_on",
        "deadline",
        "completed_on",
        "progress",
    ]
    list_filter = ["program", "kind", "is_priority"]
    search_fields = ["code", "search_text"]
    list_select_related = ["program", "lead_org"]
    raw_id_fields = ["lead_org", "assigned_by", "parent"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
