"""The audit events of the registry, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

DATABASE_CREATED = audit.register("database.created", _("{actor} registered database {target}"))
DATABASE_UPDATED = audit.register("database.updated", _("{actor} updated database {target}"))
DATABASE_LISTED = audit.register("database.listed", _("{actor} added database {target} to a list"))
DATABASE_LIST_CREATED = audit.register("database_list.created", _("{actor} created list {target}"))
DATABASE_STATUS_RECORDED = audit.register(
    "database.status_recorded", _("{actor} recorded the status of database {target}")
)
DATABASE_CONNECTED = audit.register(
    "database.connected",
    _("{actor} recorded that database {target} joined the sharing platform"),
)
