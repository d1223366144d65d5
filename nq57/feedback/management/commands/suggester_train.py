"""manage.py suggester_train: a new version of the routing suggester when a remit or a
routing decision changed since the last (the worker runs it hourly); otherwise nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nq57.feedback.suggest.training import train_suggester


class Command(BaseCommand):
    help = "Train the routing suggester on the remits and the routing decisions, if changed."

    def handle(self, *args: Any, **options: Any) -> None:
        trained = train_suggester()
        if trained is None:
            self.stdout.write("nothing to learn from yet: load_orgs loads the bodies' remits")
            return
        version = trained[1]
        self.stdout.write(
            f"suggester {version.version}: {version.remits} remits, {version.decisions} "
            f"decisions, {version.examples} examples, temperature {version.temperature:.2f}"
        )
