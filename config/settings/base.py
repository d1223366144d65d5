"""Settings shared by every environment; each value can come from the environment."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.logging import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NQ57_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # nosec B105  # refused whenever DEBUG is off
# Values that were ever shown as examples: a server started with one signs with a public key.
EXAMPLE_SECRET_KEYS = frozenset(
    {DEVELOPMENT_SECRET_KEY, "change-me", "changeme", "secret", "your-secret-key", "bench-only"}
)
SECRET_KEY_MIN_LENGTH = 50


def weak_secret_key(key: str) -> str | None:
    """Why `key` must not sign sessions and reset links in production (None: it may)."""
    if not key:
        return "it is not set"
    if key.strip().lower() in EXAMPLE_SECRET_KEYS:
        return "it is an example value"
    if key.startswith("django-insecure"):
        return "it has the prefix Django gives throw-away development keys"
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5:
        return f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters or too repetitive"
    return None


def env_networks(name: str, default: str) -> list[str]:
    """A list of IP addresses or CIDR networks, each checked (a typo fails at start-up)."""
    entries = env_list(name, default)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            message = f"{name}: {entry!r} is not an address or network."
            raise ImproperlyConfigured(message) from error
    return entries


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and (weakness := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is refused while DEBUG is off: {weakness}. Set a long random one, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
# Earlier keys, comma separated: signatures made with them (sessions, password-reset links)
# are still accepted after a rotation, new ones use SECRET_KEY; drop them once those expired.
SECRET_KEY_FALLBACKS = env_list("NQ57_SECRET_KEY_FALLBACKS", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "nq57.core",
    "nq57.orgs",
    "nq57.accounts",
    "nq57.notices",
    "nq57.tasks",
    "nq57.indicators",
    "nq57.feedback",
    "nq57.registry",
    "nq57.budget",
    "nq57.privacy",
    "nq57.reports",
    "nq57.commitments",
    "nq57.evaluation",
    "nq57.api",
    "nq57.web",
]

MIDDLEWARE = [
    # First: it times the whole request, gives it its id and logs its outcome.
    "nq57.web.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and sign-in: the probes answer without touching the database for them.
    "nq57.web.health.ProbeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nq57.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nq57.accounts.gate.AccountGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "nq57.web.headers.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "nq57.web.context.frame",
            ],
        },
    },
]

# SQLite in WAL mode is the embedded default; DATABASE_URL points at PostgreSQL in production.
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'nq57.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on our short aggregate queries (measured:
    # 400 ms with it, 60 ms without, for the status count of 100,000 tasks).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A server that does not answer (a host gone, packets dropped) fails a request in seconds
    # with the outage page (nq57.web.outage) instead of holding it until the proxy gives up.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = int(
        os.environ.get("NQ57_DB_CONNECT_TIMEOUT", "5")
    )
# A persistent connection is checked before a request reuses it, so the application comes
# back by itself when the database does (no restart, no failed first request).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica for reads (docs/production/replica.md): parsed like the primary, with its
# options; a dead pooled connection is noticed before use; the test runner points the alias at
# the primary's test database (MIRROR). Without DATABASE_REPLICA_URL nothing changes.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        **DATABASES["replica"].get("OPTIONS", {}),
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}

# Reads of reading requests on the replica, read-your-writes by WAL position (nq57.core.replica);
# a replica that failed is left alone this many seconds, its reads going to the primary.
NQ57_REPLICA_RETRY_SECONDS = float(os.environ.get("NQ57_REPLICA_RETRY_SECONDS", "10"))
if "replica" in DATABASES:
    DATABASE_ROUTERS = ["nq57.core.replica.router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
        "nq57.core.replica.middleware.ReplicaReadMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Front-end packages come from npm (package.json) into node_modules; only the files the pages
# load are served, under static/vendor/ (nq57/web/staticfinders.py).
NODE_MODULES_DIR = Path(os.environ.get("NQ57_NODE_MODULES", BASE_DIR / "node_modules"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "nq57.web.staticfinders.VendorFinder",
]
FORMAT_MODULE_PATH = ["config.formats"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("NQ57_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "nq57.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Officials only (citizens get the portal); a read token reads; see OfficialAccess.
    "DEFAULT_PERMISSION_CLASSES": ["nq57.accounts.authentication.OfficialAccess"],
    "DEFAULT_PAGINATION_CLASS": "nq57.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "nq57.api.errors.exception_handler",
    "PAGE_SIZE": 50,
    # Dates are answered as ISO; read as ISO or as people write them (30/11/2026).
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NQ57 API",
    "DESCRIPTION": "Tasks, progress and figures of the programme under Resolution 57-NQ/TW.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served by the application, not from a CDN: government networks may be closed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "TaskKindEnum": "nq57.tasks.choices.TaskKind",
        "RequestStatusEnum": "nq57.tasks.choices.RequestStatus",
        "TaskStatusEnum": [
            "regular",
            "completed_on_time",
            "completed_late",
            "in_progress",
            "overdue",
        ],
        "OrgKindEnum": "nq57.orgs.choices.OrgKind",
        "CommentSideEnum": "nq57.tasks.choices.CommentSide",
        "IndicatorGroupEnum": "nq57.indicators.choices.IndicatorGroup",
    },
}

# Officials sign in with a password; a session ends after 30 minutes without a request.
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"
SESSION_COOKIE_AGE = int(os.environ.get("NQ57_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed sign-ins (django-axes, counted in the database so every process sees them): after
# NQ57_LOCKOUT_FAILURES failures for one account, or NQ57_LOCKOUT_ADDRESS_FAILURES from one
# address (an office shares one), within the lockout period, that account or address is
# refused (429) until the period has passed without a new failure, or an administrator lifts
# it (the admin's "access attempts", `axes_reset_username`). See nq57/accounts/lockout.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "nq57.accounts.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("NQ57_LOCKOUT_FAILURES", "5"))
NQ57_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("NQ57_LOCKOUT_ADDRESS_FAILURES", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NQ57_LOCKOUT_MINUTES", "30")))
# A success must not wipe the count: attempts are recorded per (account, address), and an
# attacker's own good sign-in would otherwise reset the address's failures on other accounts.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_CLIENT_IP_CALLABLE = "nq57.core.ratelimit.client_address"
# A second factor (TOTP) at sign-in for the secretariat, approvers, organisation
# administrators, inspectors and staff: on unless DEBUG (local development) or told otherwise.
NQ57_REQUIRE_2FA = env_bool("NQ57_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "NQ57"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A refused form (its page too old) is said in the user's language, in the site's frame.
CSRF_FAILURE_VIEW = "nq57.web.errors.csrf_failure"

# How many working days back a progress report may be dated.
NQ57_PROGRESS_GRACE_WORKING_DAYS = int(os.environ.get("NQ57_PROGRESS_GRACE_WORKING_DAYS", "2"))
# A task with no progress report for more than this many days is "stale" on the dashboard.
NQ57_STALE_DAYS = int(os.environ.get("NQ57_STALE_DAYS", "7"))
# The body that verifies and adjusts database quality results: its officials (by code).
NQ57_QUALITY_ASSESSOR = os.environ.get("NQ57_QUALITY_ASSESSOR", "TTDLQG")
# The body (by code) databases' investment dossiers are registered with, whose approvers and
# administrators approve them or return them with the missing documents: the Ministry of
# Science and Technology. Each dossier keeps the body of the day it was registered.
NQ57_DOSSIER_APPRAISER = os.environ.get("NQ57_DOSSIER_APPRAISER", "BKHCN")
# Where the routing suggester's trained versions are kept (`feedback.suggest.training`).
NQ57_SUGGESTER_DIR = Path(os.environ.get("NQ57_SUGGESTER_DIR", VAR_DIR / "suggester"))
# A timestamp server (RFC 3161) the signing commands ask, making signatures PAdES B-T; empty
# signs B-B. Commands take `--timestamp-url` over it.
NQ57_TIMESTAMP_URL = os.environ.get("NQ57_TIMESTAMP_URL", "")
# A search counts its matches in the page up to this many; past it the exact count follows.
# Notifications: a task overdue this many working days is raised to the lead organisation's
# approvers, twice as many to the assigning body (`tasks.reminders`).
NQ57_ESCALATE_AFTER_WORKING_DAYS = int(os.environ.get("NQ57_ESCALATE_AFTER_WORKING_DAYS", "5"))
# Data sharing (issue 16): a provider answers a request within this many working days; an
# answer overdue this many working days more is raised to the competent authority, the body
# (by code) that upholds or overrules refusals: the Ministry of Public Security by default,
# which the Prime Minister charged with assessing and publishing readiness to share data.
NQ57_SHARING_ANSWER_WORKING_DAYS = int(os.environ.get("NQ57_SHARING_ANSWER_WORKING_DAYS", "10"))
NQ57_SHARING_ESCALATE_AFTER_WORKING_DAYS = int(
    os.environ.get("NQ57_SHARING_ESCALATE_AFTER_WORKING_DAYS", "5")
)
NQ57_SHARING_AUTHORITY = os.environ.get("NQ57_SHARING_AUTHORITY", "BCA")
# Where this site is reached, for the links in e-mail.
NQ57_SITE_URL = os.environ.get("NQ57_SITE_URL", "http://127.0.0.1:8000")
NQ57_SEARCH_COUNT_LIMIT = int(os.environ.get("NQ57_SEARCH_COUNT_LIMIT", "1000"))
# Citizens sign in through an OpenID Connect provider: the national identity (VNeID) in
# production, the demo provider of `make run` (tools/oidc_provider.mjs) on loopback otherwise.
NQ57_OIDC_ISSUER = os.environ.get("NQ57_OIDC_ISSUER", "")
NQ57_OIDC_CLIENT_ID = os.environ.get("NQ57_OIDC_CLIENT_ID", "")
NQ57_OIDC_CLIENT_SECRET = os.environ.get("NQ57_OIDC_CLIENT_SECRET", "")
NQ57_OIDC_SCOPES = os.environ.get("NQ57_OIDC_SCOPES", "openid profile email")
NQ57_OIDC_NAME = os.environ.get("NQ57_OIDC_NAME", "VNeID")
# How often an account, or an address, may send an item or start a sign-in (per hour).
NQ57_SUBMISSIONS_PER_ACCOUNT_HOUR = int(os.environ.get("NQ57_SUBMISSIONS_PER_ACCOUNT_HOUR", "5"))
NQ57_SUBMISSIONS_PER_ADDRESS_HOUR = int(os.environ.get("NQ57_SUBMISSIONS_PER_ADDRESS_HOUR", "20"))
NQ57_SIGN_INS_PER_ADDRESS_HOUR = int(os.environ.get("NQ57_SIGN_INS_PER_ADDRESS_HOUR", "30"))
# The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma
# separated): the client's address is then the right-most one of that header that is not a
# proxy (nq57.core.ratelimit.client_address). Empty: REMOTE_ADDR is the client's address.
NQ57_TRUSTED_PROXIES = env_networks("NQ57_TRUSTED_PROXIES", "")
# ClamAV's clamd (host:port) scans citizens' attachments when set.
NQ57_CLAMAV = os.environ.get("NQ57_CLAMAV", "")
# Data-subject requests are answered within this many hours of receipt: Decree 13/2023/NĐ-CP
# gives a controller 72 hours to give a person a copy of their data (Art. 14) or delete it
# (Art. 16).
NQ57_DATA_REQUEST_HOURS = int(os.environ.get("NQ57_DATA_REQUEST_HOURS", "72"))
# Citizens' attachments: how many per item (each at most NQ57_EVIDENCE_MAX_BYTES).
NQ57_FEEDBACK_MAX_FILES = int(os.environ.get("NQ57_FEEDBACK_MAX_FILES", "5"))
NQ57_EVIDENCE_MAX_BYTES = int(os.environ.get("NQ57_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "nq57@localhost")

# Logs go to the standard error: `text` for people (development, tests), `json` for a log
# collector (production.py's default): one line a request and Django's errors, with the
# request's id (config/logging.py, nq57/web/requestlog.py).
NQ57_LOG_FORMAT = os.environ.get("NQ57_LOG_FORMAT", "text")
LOGGING = logging_settings(NQ57_LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))

# /readyz (nq57/core/health.py): the replica may be this many seconds behind the primary,
# and a task worker must have run the scheduler's heartbeat within this many seconds.
NQ57_READY_MAX_REPLICA_LAG_SECONDS = float(
    os.environ.get("NQ57_READY_MAX_REPLICA_LAG_SECONDS", "30")
)
NQ57_READY_MAX_HEARTBEAT_SECONDS = float(os.environ.get("NQ57_READY_MAX_HEARTBEAT_SECONDS", "180"))

# Zip archives (XLSX, DOCX...) are looked into before they are opened: at most this much
# once expanded, members expanding at most this many times (past 1 MB), this many members.
NQ57_ZIP_MAX_BYTES = int(os.environ.get("NQ57_ZIP_MAX_BYTES", str(256 * 1024 * 1024)))
NQ57_ZIP_MAX_RATIO = int(os.environ.get("NQ57_ZIP_MAX_RATIO", "100"))
NQ57_ZIP_MAX_MEMBERS = int(os.environ.get("NQ57_ZIP_MAX_MEMBERS", "10000"))
# Import files (tasks, indicator values) may be larger than evidence; both limits are
# checked while the request streams in (nq57.core.uploads).
NQ57_IMPORT_MAX_BYTES = int(os.environ.get("NQ57_IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))
# An import previewed but not confirmed is forgotten after this many seconds.
NQ57_IMPORT_PREVIEW_MAX_AGE = int(os.environ.get("NQ57_IMPORT_PREVIEW_MAX_AGE", str(60 * 60)))
FILE_UPLOAD_HANDLERS = [
    "nq57.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
