"""The audit events of the public portal: every move of an item, with the sentence each shows
in an official's timeline. The public history of an item is a view over these same events,
told in the words of `choices.EventKind` (no names, no personal data)."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

from .choices import EventKind

ITEM_SUBMITTED = audit.register("feedback.submitted", _("{actor} sent item {target}"))
ITEM_ROUTED = audit.register("feedback.routed", _("{actor} routed item {target} to a body"))
ITEM_ACCEPTED = audit.register("feedback.accepted", _("{actor} accepted item {target}"))
ITEM_DECLINED = audit.register("feedback.declined", _("{actor} sent item {target} back"))
ITEM_ANSWERED = audit.register("feedback.answered", _("{actor} answered item {target}"))
ITEM_REFUSED = audit.register("feedback.refused", _("{actor} refused item {target}"))
ITEM_MERGED = audit.register("feedback.merged", _("{actor} merged item {target}"))
ITEM_REMINDED = audit.register(
    "feedback.reminded", _("{actor} reminded the body of the deadline of item {target}")
)
ITEM_ESCALATED = audit.register(
    "feedback.escalated", _("{actor} raised overdue item {target} to the body's parent")
)
PROPOSAL_ASSESSED = audit.register("feedback.assessed", _("{actor} assessed item {target}"))
PROPOSAL_ADOPTED = audit.register("feedback.adopted", _("{actor} adopted item {target}"))
PROPOSAL_NOT_ADOPTED = audit.register(
    "feedback.not_adopted", _("{actor} did not adopt item {target}")
)
PERSONAL_DATA_REMOVED = audit.register(
    "feedback.personal_data_removed",
    _("{actor} removed the sender's personal data from item {target} after its retention"),
)
PERSONAL_DATA_ERASED = audit.register(
    "feedback.personal_data_erased",
    _("{actor} removed the sender's personal data from item {target} at the sender's request"),
)
PERSONAL_DATA_VIEWED = audit.register(
    "feedback.personal_data_viewed",
    _("{actor} was shown the sender's personal data of item {target}"),
)
PERSONAL_DATA_EXPORTED = audit.register(
    "feedback.personal_data_exported",
    _("{actor} exported items with their senders' personal data"),
)

# Every move above is public: its code, and the kind whose words the public history uses.
PUBLIC_MOVES: dict[str, EventKind] = {
    event.code: EventKind(event.code.removeprefix("feedback."))
    for event in (
        ITEM_SUBMITTED,
        ITEM_ROUTED,
        ITEM_ACCEPTED,
        ITEM_DECLINED,
        ITEM_ANSWERED,
        ITEM_REFUSED,
        ITEM_MERGED,
        ITEM_REMINDED,
        ITEM_ESCALATED,
        PROPOSAL_ASSESSED,
        PROPOSAL_ADOPTED,
        PROPOSAL_NOT_ADOPTED,
    )
}
