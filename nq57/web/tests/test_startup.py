"""A process that loads the URLs (a new gunicorn worker, every manage.py command) does not
load the libraries only some requests need: scikit-learn, SciPy and NumPy (routing
suggestions), openpyxl (a workbook read or written), WeasyPrint (a PDF being written),
pyHanko's remote-signing client, authlib (a citizen's sign-in), holidays (the first working
day counted), the administrative divisions (`load_orgs`). Each takes from a twentieth of a
second to seconds, and most processes never use them. (The start-up itself is measured in
`make bench`: bench/startup.py.)"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404  # this interpreter, loading the project's own URLs
import sys

from django.conf import settings

HEAVY = (
    "sklearn",
    "scipy",
    "numpy",
    "openpyxl",
    "weasyprint",
    "aiohttp",
    "pkcs11",
    "authlib",
    "holidays",
    "vietnam_provinces",
)

PROBE = """
import json, sys, django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module imported
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_loading_the_urls_loads_no_heavy_library() -> None:
    done = subprocess.run(  # nosec B603  # a fixed script run by this interpreter
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="1"),
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert loaded & set(HEAVY) == set()
    assert "django" in loaded  # the probe did load the project
