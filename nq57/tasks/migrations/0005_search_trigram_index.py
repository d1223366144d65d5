"""A trigram index for the accent-free search, on PostgreSQL.

The search asks for ' word word ' inside `search_text` (LIKE '% chuyen doi so %'), which no
B-tree index serves: without this, every search reads all the tasks. pg_trgm's GIN index
answers substring matches; pg_trgm is a trusted extension (PostgreSQL 13+), so the owner of the
database may create it. SQLite has no such index and keeps scanning, which its sizes allow.
"""

from django.db import migrations

INDEX = "task_search_trigram"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON tasks_task USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0004_open_tasks_by_lead"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
