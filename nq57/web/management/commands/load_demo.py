"""manage.py load_demo: the demo of every app (tasks, indicators, the feedback portal, the
registry of databases, the budget) and one user per role, each part once. It spans apps, so
it lives in `web`, above them."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nq57.budget.demo import budget_demo_is_loaded, load_budget_demo
from nq57.commitments.demo import commitments_demo_is_loaded, load_commitments_demo
from nq57.core.actors import SYSTEM
from nq57.feedback.demo import feedback_demo_is_loaded, load_feedback_demo
from nq57.feedback.suggest.training import current_suggester, train_suggester
from nq57.indicators.demo import indicator_demo_is_loaded, load_indicator_demo
from nq57.indicators.notices import remind_forms
from nq57.registry.demo import (
    dossier_demo_is_loaded,
    load_dossier_demo,
    load_registry_demo,
    load_sharing_demo,
    registry_demo_is_loaded,
    sharing_demo_is_loaded,
)
from nq57.registry.quality.demo import load_quality_demo, quality_demo_is_loaded
from nq57.registry.quality.methods import load_quality_methods_file
from nq57.reports.demo import load_report_demo, report_demo_is_loaded
from nq57.tasks.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    demo_is_loaded,
    ensure_demo_user,
    load_demo,
)
from nq57.tasks.reminders import remind_tasks


class Command(BaseCommand):
    help = "Load the demo data once and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            # The demo's accounts (the secretariat's included) share a password printed in
            # the README: never on a server that is not a developer's own.
            raise CommandError(
                "load_demo creates accounts whose password is published; it runs only with "
                "DEBUG on (DEBUG=1, development settings), never under production settings."
            )
        # Each part once: a database that has the tasks' demo from an earlier release gets
        # the indicators' on its next `make run`.
        if demo_is_loaded():
            self.stdout.write("demo data already loaded")
        else:
            load_demo()
            self.stdout.write("demo data loaded")
        if not indicator_demo_is_loaded():
            load_indicator_demo(timezone.localdate())
            self.stdout.write("demo indicators loaded")
        if not feedback_demo_is_loaded():
            load_feedback_demo(timezone.localdate())
            self.stdout.write("demo feedback loaded")
        if not registry_demo_is_loaded():
            load_registry_demo()
            self.stdout.write("demo registry of databases loaded")
        if not dossier_demo_is_loaded():
            load_dossier_demo()
            self.stdout.write("demo investment dossiers loaded")
        if not quality_demo_is_loaded():
            load_quality_demo()
            self.stdout.write("demo quality assessments loaded")
        else:
            load_quality_methods_file(SYSTEM)  # a method a later release added
        if not sharing_demo_is_loaded():
            load_sharing_demo(timezone.localdate())
            self.stdout.write("demo data sharing requests loaded")
        if not budget_demo_is_loaded():
            load_budget_demo()
            self.stdout.write("demo budget loaded")
        if not commitments_demo_is_loaded():
            # Leaders' commitments, measured by the demos above.
            load_commitments_demo(timezone.localdate())
            self.stdout.write("demo commitments loaded")
        if not report_demo_is_loaded():
            # Last: the report states what every other part loaded.
            load_report_demo(timezone.localdate())
            self.stdout.write("demo signed report filed")
        if current_suggester() is None and (trained := train_suggester()) is not None:
            # The worker trains the routing suggester hourly; the demo's secretariat sorts
            # with a suggestion from the first page.
            self.stdout.write(f"routing suggester {trained[1].version} trained")
        # The morning's reminders, as the scheduler will send them: each demo official finds
        # their notices (and, from the worker, their mail) at once. Once per event.
        today = timezone.localdate()
        self.stdout.write(f"reminders: {remind_tasks(today)}; {remind_forms(today)}")
        self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            ensure_demo_user(user)  # a user a later release added
            self.stdout.write(f"  {user.username:<15} {user.what}")
        self.stdout.write("\nAPI docs: http://127.0.0.1:8000/api/v1/docs/  admin: /admin/")
