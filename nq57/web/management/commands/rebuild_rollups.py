"""manage.py rebuild_rollups: recompute the status rollups from the tasks.

Never needed in normal operation (every write keeps them current); for repairs after data
was changed outside the services, such as a restore or a raw SQL fix.
"""

from typing import Any

from django.core.management.base import BaseCommand

from nq57.tasks.rollups import rebuild


class Command(BaseCommand):
    help = "Recompute the status rollups from the tasks (repairs only)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"rollups rebuilt from {rebuild():,} tasks")
