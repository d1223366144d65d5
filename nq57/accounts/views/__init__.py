"""Accounts' pages: citizens' sign-in, the second factor, the profile."""

from .oidc import oidc_callback, oidc_start
from .profile import details_view, profile_page, session_end_view, token_revoke_view
from .second_factor import second_factor_page, second_factor_setup_page

__all__ = [
    "details_view",
    "oidc_callback",
    "oidc_start",
    "profile_page",
    "second_factor_page",
    "second_factor_setup_page",
    "session_end_view",
    "token_revoke_view",
]
