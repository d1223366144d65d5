"""What must never happen on a real server: the demo (whose password is in the README) loaded
without DEBUG, or a weak SECRET_KEY signing sessions and reset links."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nq57.accounts.models import User

ROOT = Path(__file__).resolve().parents[3]
STRONG = "k3y-" + "x9Qz" * 14


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="thuky").exists()


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Import Django's settings in a fresh process, as the server would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('loaded')"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "not set"),
        ("short-but-random-Qx81", "shorter than 50"),
        ("django-insecure-" + "a1b2c3d4" * 8, "prefix"),
        ("insecure-development-key-do-not-use-in-production", "example"),
        ("change-me", "example"),
        ("a" * 64, "too repetitive"),
    ],
)
def test_production_settings_refuse_a_weak_secret_key(key: str, reason: str) -> None:
    done = load_settings("config.settings.production", SECRET_KEY=key)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert reason in done.stderr


def test_production_settings_load_with_a_strong_key_and_sqlite(tmp_path: Path) -> None:
    done = load_settings(
        "config.settings.production", SECRET_KEY=STRONG, NQ57_VAR_DIR=str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("loaded")


def test_development_settings_need_no_key() -> None:
    done = load_settings("config.settings.local")
    assert done.returncode == 0, done.stderr
