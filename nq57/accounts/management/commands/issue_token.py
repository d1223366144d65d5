"""manage.py issue_token USERNAME NAME: print a new API token for a machine account."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.accounts.models import User
from nq57.accounts.services import api_token_issue
from nq57.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Issue an API token; the secret is printed once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"unknown user {options['username']}")
        _token, secret = api_token_issue(SYSTEM, user=user, name=options["name"])
        self.stdout.write(secret)
