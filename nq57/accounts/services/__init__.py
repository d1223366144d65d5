"""Writes to accounts: users and roles, the second factor, sessions, API tokens, the calendar
link."""

from .calendar_feeds import calendar_feed_create, calendar_feed_open
from .profile import profile_update
from .second_factor import second_factor_confirm, second_factor_start
from .sessions import session_end, session_forget, session_note_seen, session_note_sign_in
from .tokens import api_token_issue, api_token_revoke
from .users import (
    citizen_personal_data_remove,
    citizen_sign_in,
    membership_grant,
    membership_revoke,
    user_create,
)

__all__ = [
    "api_token_issue",
    "api_token_revoke",
    "calendar_feed_create",
    "calendar_feed_open",
    "citizen_personal_data_remove",
    "citizen_sign_in",
    "membership_grant",
    "membership_revoke",
    "profile_update",
    "second_factor_confirm",
    "second_factor_start",
    "session_end",
    "session_forget",
    "session_note_seen",
    "session_note_sign_in",
    "user_create",
]
