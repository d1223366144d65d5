"""Everything the public reads of an item is a redacted copy: the title, the content and the
legal reference join the answer, and the public search's words come from those copies only.
Items published before are redacted again (their answer from the original, with the identity
number now among the sender's details); items not published lose their search words."""

from typing import Any

from django.db import migrations, models

from nq57.core.text import search_document
from nq57.feedback.rules import redact

BATCH = 500
# As they stand at this migration (rules.PUBLISHED_FIELDS may grow later).
PUBLISHED = {
    "title": "public_title",
    "content": "public_content",
    "legal_reference": "public_legal_reference",
    "answer": "public_answer",
}
PERSONAL = ("contact_name", "contact_address", "contact_phone", "contact_email", "identity_number")
SEARCHED = ("public_title", "public_content", "public_answer")


def redact_published(apps: Any, schema_editor: Any) -> None:
    def publish(item: Any) -> None:
        is_published = bool(item.public_answer)  # the mark of a published item until now
        personal = [getattr(item, name) for name in PERSONAL]
        for name, public in PUBLISHED.items():
            setattr(item, public, redact(getattr(item, name), personal) if is_published else "")
        item.search_text = search_document(" ".join(getattr(item, n) for n in SEARCHED))

    _rewrite(apps, publish)


def search_original_text(apps: Any, schema_editor: Any) -> None:
    def unpublish(item: Any) -> None:
        item.search_text = search_document(f"{item.title} {item.content} {item.public_answer}")

    _rewrite(apps, unpublish)


def _rewrite(apps: Any, change: Any) -> None:
    item_model = apps.get_model("feedback", "Item")
    fields = [*PUBLISHED.values(), "search_text"]
    batch = []
    for item in item_model.objects.order_by("pk").iterator(chunk_size=BATCH):
        change(item)
        batch.append(item)
        if len(batch) >= BATCH:
            item_model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        item_model.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0005_delete_itemevent")]

    operations = [
        migrations.AddField(
            model_name="item",
            name="public_content",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="item",
            name="public_legal_reference",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="item",
            name="public_title",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(redact_published, search_original_text),
    ]
