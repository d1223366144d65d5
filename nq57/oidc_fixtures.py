"""Real parts on loopback for the tests: an OpenID Connect provider (tools/oidc_provider.mjs,
the `oidc-provider` package under Node.js) and a person signing in through it, and an SMTP
server that keeps the e-mail it receives."""

from __future__ import annotations

import re
import socket
import subprocess  # nosec B404  # runs fixed local programs
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default as default_policy
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_provider(redirect_uris: list[str]) -> Iterator[Provider]:
    """Start the provider, wait for its discovery document, stop it afterwards."""
    port = free_port()
    command = ["node", str(ROOT / "tools" / "oidc_provider.mjs"), "--port", str(port)]
    command += ["--client-id", "nq57-test", "--client-secret", "test-secret"]
    for uri in redirect_uris:
        command += ["--redirect-uri", uri]
    # Our own script with arguments we build: nothing here comes from outside the tests.
    process = subprocess.Popen(  # noqa: S603  # nosec B603  # fixed program and arguments, no user input
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the OpenID provider did not start")
        yield Provider(issuer, "nq57-test", "test-secret")
    finally:
        process.terminate()
        process.wait(timeout=10)


FORM = re.compile(r'<form[^>]*action="([^"]+)"', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Go through the provider's sign-in and consent pages as a person would, and return
    where it sends the browser back (the relying party's callback with code and state)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=True, timeout=10)
    for _ in range(4):  # the login page, then consent
        form = FORM.search(response.text)
        if form is None:
            raise AssertionError(f"no form at {response.url}: {response.text[:300]}")
        fields = {name: unescape(value) for name, value in HIDDEN.findall(response.text)}
        if fields.get("prompt") == "login":
            fields.update(login=login, password="any")  # nosec B106  # development, demo or test value; never a production secret
        response = browser.post(
            urljoin(response.url, unescape(form[1])), data=fields, allow_redirects=False
        )
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(authorize_url.split("/auth")[0]):
                return location  # back to the relying party
            response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")


class Mailbox:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Any] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def __enter__(self) -> Mailbox:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    def wait_for(self, predicate: Any, seconds: float = 10) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for message in self.messages:
                if predicate(message):
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no such e-mail among {[m['Subject'] for m in self.messages]}")
