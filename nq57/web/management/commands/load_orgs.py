"""manage.py load_orgs: create or update the built-in organisations (idempotent).

It lives in `web`, above the domain apps, because a move in the tree also re-places the task
rollups kept per top-level organisation: orgs itself knows nothing of tasks.
"""

from typing import Any

from django.core.management.base import BaseCommand

from nq57.orgs.services import orgs_load_builtin, remits_load
from nq57.tasks.rollups import rebuild


class Command(BaseCommand):
    help = (
        "Load the steering committees, ministries, 34 provinces and 3,321 communes, and what "
        "each body answers for (its remit)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = orgs_load_builtin()
        if result.moved:
            # Status rollups are kept per top-level organisation: a move changes which.
            rebuild()
        self.stdout.write(
            f"organisations: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
        # What each body answers for: the routing suggestions know every body from day one.
        remits = remits_load()
        self.stdout.write(
            f"remits: {remits.created} created, {remits.updated} updated, "
            f"{remits.kept} kept as the secretariat edited them"
        )
        if remits.unknown:
            self.stderr.write(f"remits for no organisation: {', '.join(remits.unknown)}")
