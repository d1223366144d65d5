"""Writes to accounts: users and roles, the second factor, sessions, API tokens."""

from .second_factor import second_factor_confirm, second_factor_start
from .users import (
    api_token_issue,
    citizen_sign_in,
    membership_grant,
    membership_revoke,
    user_create,
)

__all__ = [
    "api_token_issue",
    "citizen_sign_in",
    "membership_grant",
    "membership_revoke",
    "second_factor_confirm",
    "second_factor_start",
    "user_create",
]
