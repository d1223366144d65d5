"""Tokens issued before scopes and expiries existed become read-and-write tokens expiring 90
days after the migration: run on a fresh database in its own process, from the schema before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

call_command("migrate", "accounts", "0003", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute(
        "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,"
        " email, is_staff, is_active, date_joined, full_name)"
        " VALUES ('!', false, 'machine', '', '', '', false, true, %s, '')",
        [timezone.now()],
    )
    cursor.execute("SELECT id FROM accounts_user WHERE username = 'machine'")
    user_id = cursor.fetchone()[0]
    cursor.execute(
        "INSERT INTO accounts_apitoken (created_at, updated_at, user_id, name, prefix, digest)"
        " VALUES (%s, %s, %s, 'old', 'abcdefgh', %s)",
        [timezone.now(), timezone.now(), user_id, "f" * 64],
    )
call_command("migrate", "accounts", verbosity=0)
from nq57.accounts.models import ApiToken
token = ApiToken.objects.get(name="old")
print(token.scope, round((token.expires_at - timezone.now()).total_seconds() / 86400))
"""


def test_existing_tokens_become_read_and_write_for_90_days(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", NQ57_VAR_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["read_write", "90"]
