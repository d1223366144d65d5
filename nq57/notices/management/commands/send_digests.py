"""Mail each user who chose a daily digest their notices not yet mailed, in one e-mail; the
scheduler runs it every morning. Run twice, it mails nothing twice (`notices.delivery`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nq57.notices.delivery import deliver
from nq57.notices.models import Delivery


class Command(BaseCommand):
    help = "Send the daily digests of notifications."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"digests sent {deliver(None, Delivery.DIGEST)}")
