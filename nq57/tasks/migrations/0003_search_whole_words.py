"""Search text becomes ' word word ' so a search matches whole words in a row (decision 0004)."""

from typing import Any

from django.db import migrations

from nq57.core.text import fold_accents, search_document

BATCH = 2000


def whole_words(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, lambda task: search_document(f"{task.code} {task.title}"))


def plain_folded(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, lambda task: fold_accents(f"{task.code} {task.title}"))


def _rewrite(apps: Any, text_of: Any) -> None:
    task_model = apps.get_model("tasks", "Task")
    batch = []
    for task in task_model.objects.only("pk", "code", "title").iterator(chunk_size=BATCH):
        task.search_text = text_of(task)
        batch.append(task)
        if len(batch) >= BATCH:
            task_model.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        task_model.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("tasks", "0002_dashboard_indexes")]

    operations = [migrations.RunPython(whole_words, plain_folded)]
