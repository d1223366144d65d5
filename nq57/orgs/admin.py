from django.contrib import admin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "group", "parent"]
    list_filter = ["kind", "group"]
    search_fields = ["code", "name_vi", "name_en"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth", "group"]
