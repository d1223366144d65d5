from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nq57.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers this app's audit event types, so that any process can render them.
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import events, retention  # noqa: F401
        from .second_factor import remember_enrolment

        # Session bookkeeping, not workflow: what the second factor's check reads per page,
        # and the list of one's sessions on the profile page.
        user_logged_in.connect(remember_enrolment, dispatch_uid="nq57_second_factor")
        user_logged_in.connect(_noted, dispatch_uid="nq57_session_noted")
        user_logged_out.connect(_forgotten, dispatch_uid="nq57_session_forgotten")


def _noted(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .services import session_note_sign_in

    if request is not None and hasattr(request, "session"):
        session_note_sign_in(request, user)


def _forgotten(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .services import session_forget

    if request is not None:
        session_forget(request, user)
