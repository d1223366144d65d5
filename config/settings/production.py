"""Production settings: secure cookies and HTTPS; SECRET_KEY and DATABASE_URL are required."""

import os

os.environ["DEBUG"] = "0"

from .base import *  # noqa: F403

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Plain HTTP is redirected to HTTPS (the documented proxy says which was used, above); set
# NQ57_SSL_REDIRECT=0 only to try these settings on a machine without TLS.
SECURE_SSL_REDIRECT = os.environ.get("NQ57_SSL_REDIRECT", "1") != "0"
SECURE_CONTENT_TYPE_NOSNIFF = True
# nginx runs on the same machine and passes the address it saw in X-Forwarded-For, replacing
# any the client sent (`proxy_set_header X-Forwarded-For $remote_addr;`, deploy/nginx/):
# believe it from loopback.
NQ57_TRUSTED_PROXIES = env_networks("NQ57_TRUSTED_PROXIES", "127.0.0.1,::1")  # noqa: F405
# Health probes reach gunicorn directly too (a load balancer, a supervisor): no redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# One JSON line a log record, for the log collector (NQ57_LOG_FORMAT=text for people).
NQ57_LOG_FORMAT = os.environ.get("NQ57_LOG_FORMAT", "json")
LOGGING = logging_settings(NQ57_LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))  # noqa: F405
