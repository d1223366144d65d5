"""The database router: reads of a reading request may go to the replica (see
`state.may_read_replica` and `positions.replica_serves`); every write, and every query
outside a request, goes to the primary."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from .state import PRIMARY, current_reads

# Read on the primary, always, whatever the request: what decides who may do what, and
# counters that must be exact the moment they change.
PRIMARY_ONLY_APPS = {
    # The signed-in session, and the write positions the router itself reads.
    "sessions": "a session must see its own sign-in, sign-out and second factor at once",
    "accounts": "users, memberships, API tokens: a revoked role or token stops at once",
    "auth": "groups and permissions decide access",
    "axes": "failed sign-ins are counted across processes; a lag would forget some",
    "otp_totp": "a second-factor code must not be accepted twice",
    "django_tasks_database": "the task queue: workers take and finish rows on the primary",
}
PRIMARY_ONLY_MODELS = {
    "core.ratehit": "rate limits count every attempt, including the one just made",
    "core.scheduledrun": "a period's run is claimed once, however many schedulers run",
    "core.writeposition": "the read-your-writes positions: read to choose the replica",
    "core.formsubmission": "a repeated form must find the first submission's key at once",
    "core.draft": "a draft saved a moment ago is given back when its page opens",
}


def is_primary_only(model: type[Model]) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS


class ReplicaRouter:
    """Django's DATABASE_ROUTERS entry for the replica (installed with DATABASE_REPLICA_URL)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        reads = current_reads()
        if reads is None or is_primary_only(model):
            return PRIMARY
        return reads.alias_for_read()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        reads = current_reads()
        # Bookkeeping on primary-only tables (a session's last-seen, a token's last use) is
        # not something the reader reads back from the replica: it does not pin the request.
        if reads is not None and not is_primary_only(model):
            reads.wrote = True
        return PRIMARY

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows: one database, two servers

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY  # a replica is read-only; it replays the primary's migrations
