"""The portal's moves join the audit trail: every ItemEvent becomes an AuditEvent of its
registered `feedback.<kind>` event, its body and reason kept in `data`; reversed, they go back.
The next migration drops ItemEvent."""

from django.db import migrations

BATCH = 1000
PREFIX = "feedback."


def moves_into_audit_trail(apps, schema_editor):
    ItemEvent = apps.get_model("feedback", "ItemEvent")
    AuditEvent = apps.get_model("core", "AuditEvent")
    moves = ItemEvent.objects.order_by("at", "id").values_list(
        "item_id", "item__tracking_code", "kind", "at", "actor_id", "body_id", "reason"
    )
    batch = []
    for item_id, code, kind, at, actor_id, body_id, reason in moves.iterator(chunk_size=BATCH):
        data = {"body": body_id} if body_id else {}
        if reason:
            data["reason"] = reason
        entry = AuditEvent(
            actor_id=actor_id,
            event=PREFIX + kind,
            subject_type="item",
            subject_id=item_id,
            subject_label=code,
            changes={},
            data=data,
        )
        batch.append((entry, at))
        if len(batch) == BATCH:
            _write(AuditEvent, batch, "occurred_at")
            batch = []
    _write(AuditEvent, batch, "occurred_at")


def moves_back_out(apps, schema_editor):
    ItemEvent = apps.get_model("feedback", "ItemEvent")
    AuditEvent = apps.get_model("core", "AuditEvent")
    Item = apps.get_model("feedback", "Item")
    entries = AuditEvent.objects.filter(subject_type="item", event__startswith=PREFIX)
    items = set(Item.objects.values_list("pk", flat=True))
    batch = []
    for entry in entries.order_by("occurred_at", "id").iterator(chunk_size=BATCH):
        if entry.subject_id not in items:
            continue  # the item was deleted; ItemEvent rows died with it
        move = ItemEvent(
            item_id=entry.subject_id,
            kind=entry.event.removeprefix(PREFIX),
            actor_id=entry.actor_id,
            body_id=entry.data.get("body"),
            reason=entry.data.get("reason", ""),
        )
        batch.append((move, entry.occurred_at))
        if len(batch) == BATCH:
            _write(ItemEvent, batch, "at")
            batch = []
    _write(ItemEvent, batch, "at")
    entries.delete()


def _write(model, batch, time_field):
    """Insert in order, then put back each row's own time (auto_now_add stamped it now)."""
    rows = model.objects.bulk_create([row for row, _at in batch])
    for row, (_row, at) in zip(rows, batch, strict=True):
        setattr(row, time_field, at)
    model.objects.bulk_update(rows, [time_field], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_codes_registered_by_apps"),
        ("feedback", "0003_initiatives"),
    ]

    operations = [migrations.RunPython(moves_into_audit_trail, moves_back_out)]
