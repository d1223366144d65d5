"""The files `make prod` (tools/prod.py) runs with: a secret key, a self-signed certificate,
deploy/nginx/nq57.conf rendered for loopback, nginx's main file and supervisord's.

The nginx site is the production file itself (deploy/nginx/nq57.conf) with its production
values replaced by loopback ones, so what `make prod` and its tests run is what a server runs;
a replacement that no longer matches the file fails loudly instead of being skipped.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess  # nosec B404  # runs openssl with fixed arguments
import sys
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
DEPLOY = CHECKOUT / "deploy"
TEMPLATES = Path(__file__).resolve().parent / "prod_templates"
# nginx's main file on Debian, for its mime.types; nginx itself from PATH or /usr/sbin.
NGINX_MIME_TYPES = Path("/etc/nginx/mime.types")
# The user nginx's workers and the Debian package run as; used only when started as root.
NGINX_WORKER_USER = "www-data"


@dataclass(frozen=True)
class SiteValues:
    """Where the loopback site listens and what it reads."""

    port: int
    http_port: int
    app_port: int
    certificate: Path
    certificate_key: Path
    static_root: Path


def nginx_binary() -> str:
    """nginx from PATH, else Debian's /usr/sbin/nginx (not on a normal user's PATH)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        sys.exit("prod: nginx is missing (apt-get install nginx, or `make prod` installs it)")
    return found


def render(template: str, values: dict[str, str]) -> str:
    """`{{name}}` placeholders filled in; a placeholder left without a value is an error."""
    text = re.sub(r"\{\{(\w+)\}\}", lambda match: values[match.group(1)], template)
    return text


def render_site(site: str, values: SiteValues) -> str:
    """deploy/nginx/nq57.conf for loopback: its production values swapped for `values`."""
    swaps = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{values.app_port};",
        "listen 80;\n    listen [::]:80;": f"listen 127.0.0.1:{values.http_port};",
        "listen 443 ssl http2;\n    listen [::]:443 ssl http2;": (
            f"listen 127.0.0.1:{values.port} ssl http2;"
        ),
        "server_name nq57.example.gov.vn;": "server_name 127.0.0.1 localhost;",
        "return 301 https://$host$request_uri;": (
            f"return 301 https://$host:{values.port}$request_uri;"
        ),
        "/etc/ssl/nq57/fullchain.pem": str(values.certificate),
        "/etc/ssl/nq57/privkey.pem": str(values.certificate_key),
        "alias /var/lib/nq57/static/;": f"alias {values.static_root}/;",
    }
    for production, loopback in swaps.items():
        if production not in site:
            raise ValueError(f"deploy/nginx/nq57.conf no longer contains {production!r}")
        site = site.replace(production, loopback)
    return site


def write_nginx_files(root: Path, values: SiteValues) -> Path:
    """The site and a main file around it under root/nginx; returns the main file."""
    nginx_dir = root / "nginx"
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (nginx_dir / "temp" / name).mkdir(parents=True, exist_ok=True)
    site = render_site((DEPLOY / "nginx" / "nq57.conf").read_text("utf-8"), values)
    (nginx_dir / "nq57.conf").write_text(site, "utf-8")
    as_root = os.geteuid() == 0
    if as_root:
        # The workers run as www-data: they write request bodies and read static files.
        for path in (nginx_dir / "temp").rglob("*"):
            shutil.chown(path, user=NGINX_WORKER_USER)
        shutil.chown(nginx_dir / "temp", user=NGINX_WORKER_USER)
    main = render(
        (TEMPLATES / "nginx.conf").read_text("utf-8"),
        {
            # Started by a normal user, nginx runs as that user and must not be told another.
            "user_line": f"user {NGINX_WORKER_USER};" if as_root else "",
            "nginx_dir": str(nginx_dir),
            "logs": str(root / "logs"),
            "mime_types": str(NGINX_MIME_TYPES),
        },
    )
    (nginx_dir / "nginx.conf").write_text(main, "utf-8")
    return nginx_dir / "nginx.conf"


def ensure_secret_key(path: Path) -> str:
    """The stack's SECRET_KEY, made once into a file only its owner reads."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as key_file:
            key_file.write(secrets.token_urlsafe(60))
    return path.read_text().strip()


def ensure_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, made once: (cert, key)."""
    certificate, key = directory / "cert.pem", directory / "key.pem"
    if certificate.exists() and key.exists():
        return certificate, key
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # nosec B603 B607  # openssl with fixed arguments
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "825",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    os.chmod(key, 0o600)
    return certificate, key


def supervisor_environment(variables: dict[str, str]) -> str:
    """supervisord's `environment=` value: KEY="value" pairs, its `%` escaped."""
    return ",".join(
        f'{name}="{value.replace("%", "%%")}"' for name, value in sorted(variables.items())
    )


def write_supervisord_conf(root: Path, values: dict[str, str]) -> Path:
    """root/supervisord.conf from its template, readable by its owner only (the secret key)."""
    path = root / "supervisord.conf"
    text = render((TEMPLATES / "supervisord.conf").read_text("utf-8"), values)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as conf:
        conf.write(text)
    os.chmod(path, 0o600)
    return path
