"""Test settings: fast hashing, e-mail kept in memory; uploads go to pytest's temporary
directory (nq57/conftest.py)."""

import os

os.environ.setdefault("DEBUG", "0")
# Long enough for the check that refuses weak keys when DEBUG is off (base.py).
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-outside-the-test-suite-0123")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LANGUAGE_CODE = "en"
# The tests sign in with a password only; the second factor's own tests switch it on.
NQ57_REQUIRE_2FA = env_bool("NQ57_REQUIRE_2FA", False)  # noqa: F405
# Serve static files from the apps' folders, as in development, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
