"""The secretariat keeps the list of fields and the answer deadlines per kind here."""

from django.contrib import admin

from .models import DeadlineRule, Field


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin[Field]):
    list_display = ("code", "name_vi", "name_en", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name_vi", "name_en")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    list_display = ("kind", "working_days")
