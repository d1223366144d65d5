"""Browser tests: a real server on the demo data, driven by Debian's headless Chromium.

One server per run of this package, started in a subprocess against its own fresh database of
the engine the pass uses: a temporary SQLite file, or, when DATABASE_URL points at PostgreSQL
(`tools/pgtemp.py`), a database created on that server and dropped afterwards. The tests talk to
it only over HTTP, so they never touch pytest-django's test database.

Playwright's sync API keeps an event loop alive in this thread while a browser is open, and
Django refuses database calls when it sees one; the browser and the server are therefore
package-scoped, so both are gone before any later test of the suite opens its database.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from nq57.oidc_fixtures import Mailbox, Provider, run_provider
from tools.chromium import CHROMIUM, launch

PASSWORD = "nq57-demo"
SERVER_START_SECONDS = 60
# A page that takes longer than this on the demo data is a failure, not a slow pass.
ACTION_TIMEOUT_MS = 20_000

SETUP_SCRIPT = (
    "import django; django.setup();"
    "from django.core.management import call_command;"
    "call_command('migrate', interactive=False, verbosity=0);"
    "call_command('load_orgs');"
    "call_command('load_demo');"
    "call_command('load_bands')"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _is_postgres(url: str) -> bool:
    return "postgresql" in dj_database_url.parse(url)["ENGINE"]


def _admin_connection(url: str) -> Any:
    import psycopg

    parts = dj_database_url.parse(url)
    return psycopg.connect(
        dbname=parts["NAME"] or "postgres",
        user=parts["USER"] or None,
        password=parts["PASSWORD"] or None,
        host=parts["HOST"] or None,
        port=parts["PORT"] or None,
        autocommit=True,
    )


def _fresh_database(workdir: Path) -> tuple[str | None, Callable[[], None]]:
    """DATABASE_URL for the server (None: SQLite in NQ57_VAR_DIR) and how to drop it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or not _is_postgres(url):
        return None, lambda: None
    name = f"nq57_browser_{secrets.token_hex(4)}"
    with _admin_connection(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with _admin_connection(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    scheme, rest = url.split("://", 1)
    authority = rest.split("/", 1)[0]
    return f"{scheme}://{authority}/{name}", drop


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped (exit {server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            pytest.fail(f"the sign-in page answered {error.code}:\n{log.read_text()}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within {SERVER_START_SECONDS} s:\n{log.read_text()}")


_server_env: dict[str, str] = {}


@pytest.fixture
def manage(base_url: str) -> Callable[..., str]:
    """Run a management command against the live server's database (a daily job, say)."""

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=_server_env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    return run


@pytest.fixture(scope="package")
def mailbox() -> Iterator[Mailbox]:
    """The SMTP server the application's e-mail goes to."""
    with Mailbox() as box:
        yield box


@pytest.fixture(scope="package")
def server_port() -> int:
    return _free_port()


@pytest.fixture(scope="package")
def identity_provider(server_port: int) -> Iterator[Provider]:
    """The national identity's stand-in, expecting the application's callback."""
    yield from run_provider([f"http://127.0.0.1:{server_port}/signin/oidc/callback/"])


@pytest.fixture(scope="package")
def base_url(server_port: int, identity_provider: Provider, mailbox: Mailbox) -> Iterator[str]:
    """The application on the demo data, served by runserver on a free loopback port, with
    the identity provider and the SMTP server beside it."""
    workdir = Path(tempfile.mkdtemp(prefix="nq57-browser-"))
    database_url, drop_database = _fresh_database(workdir)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="1",  # runserver serves the static files; config.settings.test had set "0"
        NQ57_VAR_DIR=str(workdir),
        NQ57_MEDIA_ROOT=str(workdir / "media"),
        PYTHONUNBUFFERED="1",
        # Low, so that searches on the demo data take the path of a national-scale search:
        # the rows first, the exact count fetched by htmx after.
        NQ57_SEARCH_COUNT_LIMIT="3",
        NQ57_OIDC_ISSUER=identity_provider.issuer,
        NQ57_OIDC_CLIENT_ID=identity_provider.client_id,
        NQ57_OIDC_CLIENT_SECRET=identity_provider.client_secret,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mailbox.port),
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    log = workdir / "server.log"
    server: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    try:
        with log.open("ab") as out:
            setup = subprocess.run(
                [sys.executable, "-c", SETUP_SCRIPT],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if setup.returncode:
            pytest.fail(f"setting up the demo database failed:\n{log.read_text()}")
        port = server_port
        url = f"http://127.0.0.1:{port}"
        with log.open("ab") as out:

            def manage_py(*args: str) -> subprocess.Popen[bytes]:
                return subprocess.Popen(
                    [sys.executable, "manage.py", *args, "--skip-checks"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )

            server = manage_py("runserver", f"127.0.0.1:{port}", "--noreload")
            # The worker sends the mail the services enqueue, as `make run` does.
            worker = manage_py(
                "db_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
            )
        _wait_until_up(url, server, log)
        _server_env.update(env)
        yield url
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch(playwright)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def _signed_in_states(browser: Browser, base_url: str) -> dict[str, Any]:
    """Each demo user's cookies after signing in through the form, once per run."""
    return {}


@pytest.fixture
def new_context(browser: Browser, base_url: str) -> Iterator[Callable[..., BrowserContext]]:
    """Opens browser contexts (a fresh cookie jar each) and closes them after the test."""
    opened: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Through the sign-in form, as a person would."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def page_as(
    new_context: Callable[..., BrowserContext], _signed_in_states: dict[str, Any]
) -> Callable[..., Page]:
    """A page signed in as a demo user, in a context of its own: one test's cookies (a chosen
    language, a signed-out session) do not leak into another's. Each user signs in through
    the form once; later pages reuse that session."""

    def open_page(username: str, **options: Any) -> Page:
        if username not in _signed_in_states:
            page = new_context(**options).new_page()
            sign_in(page, username)
            if "/login/" in page.url:
                pytest.fail(f"{username} could not sign in")
            _signed_in_states[username] = page.context.storage_state()
            return page
        return new_context(storage_state=_signed_in_states[username], **options).new_page()

    return open_page


@pytest.fixture
def anonymous_page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()
