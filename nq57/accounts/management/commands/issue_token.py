"""manage.py issue_token USERNAME NAME [--scope read|read_write] [--days N]: print a new API
token for a machine account; the secret is the last line printed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.accounts.choices import TokenScope
from nq57.accounts.models import User
from nq57.accounts.services import api_token_issue
from nq57.accounts.services.tokens import DEFAULT_DAYS
from nq57.core.actors import SYSTEM
from nq57.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Issue an API token (read and write for 90 days unless told); the secret is printed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ_WRITE.value,
            help="read, or read_write (the default)",
        )
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help=f"days until it expires ({DEFAULT_DAYS})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"unknown user {options['username']}")
        try:
            token, secret = api_token_issue(
                SYSTEM,
                user=user,
                name=options["name"],
                scope=options["scope"],
                days=options["days"],
            )
        except DomainError as failure:
            raise CommandError(failure.message) from failure
        self.stdout.write(
            f"{token.name} for {user.get_username()}: {token.scope}, "
            f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}"
        )
        self.stdout.write(secret)
