"""The audit events of accounts, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

MEMBERSHIP_GRANTED = audit.register("membership.granted", _("{actor} granted a role to {target}"))
MEMBERSHIP_REVOKED = audit.register(
    "membership.revoked", _("{actor} took a role away from {target}")
)
TOKEN_ISSUED = audit.register("token.issued", _("{actor} issued an API token for {target}"))
CITIZEN_REGISTERED = audit.register(
    "citizen.registered", _("{target} signed in for the first time")
)
SECOND_FACTOR_ENROLLED = audit.register(
    "second_factor.enrolled", _("{target} set up a second factor")
)
TOKEN_REVOKED = audit.register("token.revoked", _("{actor} revoked an API token of {target}"))
SESSION_ENDED = audit.register("session.ended", _("{actor} ended a session of {target}"))
CITIZEN_DATA_REMOVED = audit.register(
    "citizen.personal_data_removed",
    _("{actor} removed the personal data of the citizen account {target} after its retention"),
)
CALENDAR_FEED_CREATED = audit.register(
    "calendar_feed.created",
    _("{actor} created a calendar link for {target} (an earlier link stops working)"),
)
PROFILE_UPDATED = audit.register(
    "profile.updated", _("{actor} updated the contact details of {target}")
)
