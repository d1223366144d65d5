"""Security headers: a CSP with no inline script (and templates that need none), a
Permissions-Policy, `no-store` on what signed-in users see, HSTS with subdomains and a
clean `check --deploy` under the production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)


def _directives(response: Any) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script_and_a_permissions_policy(
    make_user: Callable[..., Any],
) -> None:
    client = Client()
    client.force_login(make_user("BCDTW", "secretariat"))
    for url in ["/", "/tasks/", "/feedback/", "/api/v1/docs/", "/login/"]:
        response = client.get(url)
        directives = _directives(response)
        assert directives["script-src"] == "'self'", url
        assert "'unsafe-inline'" not in directives["default-src"]
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "camera=()" in response["Permissions-Policy"]
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), (url, INLINE_SCRIPT.search(body))
        assert not EVENT_ATTRIBUTE.search(body), url


def test_no_template_holds_an_inline_script_or_an_event_attribute() -> None:
    templates = sorted((ROOT / "nq57").rglob("templates/**/*.html"))
    assert templates
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)[:60]}"
        for path in templates
        for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE)
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


@pytest.mark.django_db
def test_what_a_signed_in_user_sees_is_never_stored(make_user: Callable[..., Any]) -> None:
    client = Client()
    client.force_login(make_user("BCDTW", "secretariat"))
    for url in ["/", "/tasks/", "/tasks/export/?format=csv", "/api/v1/tasks/"]:
        assert "no-store" in client.get(url)["Cache-Control"], url


def _production(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
        "ALLOWED_HOSTS": "nq57.example.gov.vn",
    }
    env.pop("DEBUG", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_finds_nothing_and_silences_nothing() -> None:
    (ROOT / "var").mkdir(exist_ok=True)
    checked = _production("check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues (0 silenced)." in checked.stdout
    shown = _production(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SILENCED_SYSTEM_CHECKS)",
    )
    assert shown.stdout.splitlines()[-1].split() == ["True", "True", "[]"], shown.stderr
