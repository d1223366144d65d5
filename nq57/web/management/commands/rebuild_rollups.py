"""manage.py rebuild_rollups: recompute the stored rollups from the data they sum, the task
status rollups and the indicator rollups.

Never needed in normal operation (every write keeps them current); for repairs after data
was changed outside the services, such as a restore or a raw SQL fix.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nq57.indicators import rollups as indicator_rollups
from nq57.tasks import rollups as task_rollups

TASKS, INDICATORS = "tasks", "indicators"


class Command(BaseCommand):
    help = "Recompute the task status and indicator rollups (repairs only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            choices=[TASKS, INDICATORS],
            help="rebuild only the task status rollups or only the indicator rollups",
        )

    def handle(self, *args: Any, only: str | None = None, **options: Any) -> None:
        if only in (None, TASKS):
            self.stdout.write(f"task rollups rebuilt from {task_rollups.rebuild():,} tasks")
        if only in (None, INDICATORS):
            rows = indicator_rollups.rebuild()
            self.stdout.write(f"indicator rollups rebuilt: {rows:,} rows")
