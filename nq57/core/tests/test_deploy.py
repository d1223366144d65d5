"""The production files of deploy/: systemd's own checker on the units, nginx's on the site,
and the values the application depends on (forwarded headers, body limit, key rotation).

`systemd-analyze verify` insists that each ExecStart= program exists, so the units are checked
as rendered for this checkout: /srv/nq57 (where docs/production/stack.md installs the
application) replaced by the checkout, whose .venv has the real gunicorn and python. The nginx
site is rendered by tools/prod_config.py exactly as `make prod` runs it, with a certificate
made for the test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tools import prod_config

DEPLOY = prod_config.DEPLOY
SERVICES = ("nq57-web.service", "nq57-worker.service", "nq57-scheduler.service")
HARDENING = (
    "User=nq57",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "Restart=always",
    "EnvironmentFile=/etc/nq57/nq57.env",
)


def render_units(directory: Path) -> list[Path]:
    directory.mkdir()
    rendered = []
    for unit in [*SERVICES, "nq57.target"]:
        text = (DEPLOY / unit).read_text("utf-8").replace("/srv/nq57", str(prod_config.CHECKOUT))
        (directory / unit).write_text(text, "utf-8")
        rendered.append(directory / unit)
    return rendered


def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    units = render_units(tmp_path / "units")
    done = subprocess.run(
        ["systemd-analyze", "verify", *map(str, units)],
        capture_output=True,
        text=True,
        check=False,
    )
    # A misspelt directive or a bad value is only a warning (exit status 0): any word about
    # our units fails the test.
    complaints = [
        line for line in (done.stdout + done.stderr).splitlines() if "nq57" in line.lower()
    ]
    assert done.returncode == 0, done.stderr
    assert complaints == []


@pytest.mark.parametrize("unit", SERVICES)
def test_services_are_hardened_and_restarted(unit: str) -> None:
    text = (DEPLOY / unit).read_text("utf-8")
    assert [line for line in HARDENING if line not in text.splitlines()] == []
    assert "WantedBy=nq57.target" in text


def test_target_groups_the_three_services() -> None:
    wants = re.search(r"^Wants=(.*)$", (DEPLOY / "nq57.target").read_text("utf-8"), re.M)
    assert wants is not None
    assert sorted(wants.group(1).split()) == sorted(SERVICES)


def test_web_service_runs_gunicorn_on_config_wsgi_with_two_workers() -> None:
    text = (DEPLOY / "nq57-web.service").read_text("utf-8")
    assert "gunicorn -c /srv/nq57/deploy/gunicorn.conf.py config.wsgi" in text
    config: dict[str, Any] = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text("utf-8"), config)  # nosec B102  # our file
    assert config["workers"] == 2
    assert config["accesslog"] is None
    assert config["bind"] == ["127.0.0.1:8000"]
    # The application is loaded once in the master and the workers forked from it: a HUP
    # would fork them from the old code, so the service offers no reload, only a restart.
    assert config["preload_app"] is True
    assert "ExecReload" not in text


def test_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    certificate, key = prod_config.ensure_certificate(tmp_path / "tls")
    (tmp_path / "logs").mkdir()
    main = prod_config.write_nginx_files(
        tmp_path,
        prod_config.SiteValues(
            port=18443,
            http_port=18080,
            app_port=18000,
            certificate=certificate,
            certificate_key=key,
            static_root=tmp_path / "static",
        ),
    )
    error_log = tmp_path / "logs" / "error.log"
    done = subprocess.run(
        [
            prod_config.nginx_binary(),
            "-t",
            "-c",
            str(main),
            "-p",
            str(main.parent),
            "-e",
            str(error_log),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
    assert "[warn]" not in done.stderr


def test_rendering_refuses_a_site_it_no_longer_matches() -> None:
    site = (DEPLOY / "nginx" / "nq57.conf").read_text("utf-8").replace("listen 80;", "listen 81;")
    values = prod_config.SiteValues(1, 2, 3, Path("c"), Path("k"), Path("s"))
    with pytest.raises(ValueError, match="listen 80"):
        prod_config.render_site(site, values)


def nginx_site_directives() -> list[str]:
    text = (DEPLOY / "nginx" / "nq57.conf").read_text("utf-8")
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


def test_nginx_forwards_the_address_it_saw_and_the_request_id() -> None:
    directives = nginx_site_directives()
    # Overwritten, never appended to: a client's own X-Forwarded-For would otherwise be
    # believed, since nginx (a trusted proxy) passes it on (nq57.core.ratelimit).
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in directives
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in directives
    assert "proxy_set_header X-Request-ID $request_id;" in directives
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in directives


def test_nginx_never_serves_uploaded_files() -> None:
    text = (DEPLOY / "nginx" / "nq57.conf").read_text("utf-8")
    media = re.search(r"location /media/ \{(.*?)\}", text, re.S)
    assert media is not None
    assert media.group(1).split("#")[0].strip() == "return 404;"
    assert "/var/lib/nq57/media" not in text


def test_nginx_body_limit_matches_the_import_limit() -> None:
    size = re.search(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx" / "nq57.conf").read_text())
    assert size is not None
    assert int(size.group(1)) * 1024 * 1024 == settings.NQ57_IMPORT_MAX_BYTES


def test_environment_example_names_what_production_needs() -> None:
    lines = (DEPLOY / "nq57.env.example").read_text("utf-8").splitlines()
    names = {line.split("=", 1)[0] for line in lines if "=" in line and not line.startswith("#")}
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in lines
    wanted = {
        "SECRET_KEY",
        "NQ57_SECRET_KEY_FALLBACKS",
        "DATABASE_URL",
        "DATABASE_REPLICA_URL",
        "NQ57_TRUSTED_PROXIES",
        "NQ57_MEDIA_ROOT",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "EMAIL_HOST",
        "EMAIL_HOST_PASSWORD",
    }
    assert wanted - names == set()


def test_secret_key_fallbacks_come_from_the_environment() -> None:
    old_keys = ["a" * 30 + "old-key-one-1234567890", "b" * 30 + "old-key-two-1234567890"]
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 20 + "a-long-enough-random-looking-key-0123456789",
        NQ57_SECRET_KEY_FALLBACKS=",".join(old_keys),
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
        ],
        cwd=prod_config.CHECKOUT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == repr(old_keys)
