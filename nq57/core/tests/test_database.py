"""The suite runs against the database DATABASE_URL names: SQLite by default, PostgreSQL too."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_configured_database_is_the_one_in_use() -> None:
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            assert int(cursor.fetchone()[0]) >= 150000
