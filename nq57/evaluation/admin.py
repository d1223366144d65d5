"""The secretariat edits a band scheme here; the save goes through the service (validated
whole, audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import BandScheme
from .services import band_scheme_save


@admin.register(BandScheme)
class BandSchemeAdmin(admin.ModelAdmin[BandScheme]):
    list_display = ("version", "valid_from", "source")
    ordering = ("-valid_from",)

    def save_model(self, request: HttpRequest, obj: BandScheme, form: Any, change: bool) -> None:
        band_scheme_save(request.user, scheme=obj, data=obj.as_data())

    def has_delete_permission(self, request: HttpRequest, obj: BandScheme | None = None) -> bool:
        # A sheet names the version it used: a version is corrected, never removed.
        return False
