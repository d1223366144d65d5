"""Security headers on every response: a Content-Security-Policy that lets no inline or
foreign script run, a Permissions-Policy that turns off the browser features the application
does not use, and `Cache-Control: no-store` on whatever a signed-in user is shown (personal
data must stay out of shared and browser caches).

The policy is the same for every page, so a new template works as long as its scripts are
static files (`<script src="{% static ... %}">`) and its data `json_script` blocks; an
inline `<script>` or `onclick=` is refused by the browser (and by the template test)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Inline styles stay allowed: charts and a few templates set them, and a style cannot run
# code; scripts come only from the application's own files.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


class SecurityHeadersMiddleware:
    """Adds the headers above; a view that sets its own policy keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
