"""manage.py media_references: every media file the database refers to, one name a line.

A restore to a point in time (tools/backup) copies exactly these files back: uploads are
written with their row and deleted with it, so the database of a moment lists its files."""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models


class Command(BaseCommand):
    help = "List the media files (relative to MEDIA_ROOT) that rows refer to."
    # A restore runs it once against the database it made: the system checks (many seconds)
    # judge the deployment, not this listing.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        names: set[str] = set()
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.FileField):
                    values = model._default_manager.exclude(**{field.name: ""})
                    names.update(values.values_list(field.name, flat=True).distinct())
        for name in sorted(names):
            self.stdout.write(name)
