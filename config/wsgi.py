"""WSGI entry point.

gunicorn loads it once, in its master process (`preload_app` in deploy/gunicorn.conf.py), and
forks the workers from there: every view module is imported here, before the fork, so that a
new worker — at start, or replacing one after `max_requests` — answers its first page without
importing the project."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018  # imports every view module (see above)
