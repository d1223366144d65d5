"""The audit events of programmes and tasks, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

PROGRAM_CREATED = audit.register("program.created", _("{actor} created programme {target}"))
TASK_ASSIGNED = audit.register("task.assigned", _("{actor} assigned task {target}"))
TASK_UPDATED = audit.register("task.updated", _("{actor} updated task {target}"))
TASK_IMPORTED = audit.register("task.imported", _("{actor} imported task {target}"))
PROGRESS_REPORTED = audit.register("progress.reported", _("{actor} reported progress on {target}"))
COMPLETION_REQUESTED = audit.register(
    "completion.requested", _("{actor} requested completion of {target}")
)
COMPLETION_CONFIRMED = audit.register(
    "completion.confirmed", _("{actor} confirmed completion of {target}")
)
COMPLETION_RETURNED = audit.register(
    "completion.returned", _("{actor} returned the completion of {target}")
)
EXTENSION_REQUESTED = audit.register(
    "extension.requested", _("{actor} requested an extension of {target}")
)
EXTENSION_APPROVED = audit.register(
    "extension.approved", _("{actor} approved an extension of {target}")
)
EXTENSION_REFUSED = audit.register(
    "extension.refused", _("{actor} refused an extension of {target}")
)
TASK_WITHDRAWN = audit.register("task.withdrawn", _("{actor} withdrew task {target}"))
TASK_SUSPENDED = audit.register("task.suspended", _("{actor} suspended task {target}"))
TASK_RESUMED = audit.register("task.resumed", _("{actor} resumed task {target}"))
TASK_CORRECTED = audit.register("task.corrected", _("{actor} corrected the dates of task {target}"))
TASK_COMMENTED = audit.register("task.commented", _("{actor} commented on task {target}"))
