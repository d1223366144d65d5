"""The smoke check of the production stack (tools/prod.py): through nginx over HTTPS, verified
against the stack's own certificate, the things production depends on each answer as they
should. `smoke_check(stack)` returns the problems found, an empty list when all is well.

The client's address is observed where the application records it: a failed sign-in's
address in django-axes' table. The requests come from other loopback addresses (127.0.0.2,
127.0.0.3) than nginx's own, so that "the address nginx saw" and "the address a client
claimed" can be told apart.
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import ssl
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from tools.prod import Stack

# /readyz comes with the health checks (branch `health`): checked once that module exists.
READINESS_PATH = "/readyz"
SECURITY_HEADERS = ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options")
NGINX_STATIC_CACHE = "max-age=2592000"  # `expires 30d` in deploy/nginx/nq57.conf
CLAIMED_ADDRESS = "203.0.113.7"  # TEST-NET-3: what a client pretends to be
SMOKE_USERNAME = "smoke.prod"
SMOKE_FULL_NAME = "Smoke check"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Client:
    """A tiny HTTP(S) client with cookies, bound to a chosen loopback source address."""

    port: int
    context: ssl.SSLContext | None
    source: str = "127.0.0.1"
    host_header: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, *, body: str = "", headers: dict[str, str] | None = None
    ) -> Reply:
        connection: http.client.HTTPConnection
        if self.context is not None:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, context=self.context, source_address=(self.source, 0)
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, source_address=(self.source, 0), timeout=30
            )
        sent = dict(headers or {})
        if self.host_header:
            sent["Host"] = self.host_header
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, text)

    def sign_in(self, origin: str, username: str, password: str, extra: dict[str, str]) -> Reply:
        """GET the sign-in form (for the CSRF token), then POST the credentials."""
        form = self.request("GET", "/login/", headers=extra)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": password,
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/login/",
            **extra,
        }
        return self.request("POST", "/login/", body=body, headers=headers)


def smoke_check(stack: Stack) -> list[str]:
    """Every check below; the problems found."""
    context = ssl.create_default_context(cafile=str(stack.certificate))
    problems: list[str] = []
    for check in (
        check_public_page,
        check_static_file,
        check_media_not_served,
        check_official_sign_in,
        check_api_token,
        check_client_address,
        check_https_redirect,
        check_readiness,
    ):
        try:
            problems += check(stack, context)
        except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
            problems.append(f"{check.__name__}: {type(error).__name__}: {error}")
    return problems


def check_public_page(stack: Stack, context: ssl.SSLContext) -> list[str]:
    reply = Client(stack.port, context).request("GET", "/ranking/")
    if reply.status != 200:
        return [f"/ranking/ answered {reply.status}, not 200"]
    missing = [name for name in SECURITY_HEADERS if name.lower() not in reply.headers]
    return [f"/ranking/ lacks {name}" for name in missing]


def check_static_file(stack: Stack, context: ssl.SSLContext) -> list[str]:
    css = sorted(stack.static_root.rglob("*.css"))
    if not css:
        return [f"no CSS file under {stack.static_root}: collectstatic did not run"]
    path = "/static/" + css[0].relative_to(stack.static_root).as_posix()
    reply = Client(stack.port, context).request("GET", path)
    if reply.status != 200:
        return [f"{path} answered {reply.status}, not 200"]
    cache = reply.headers.get("cache-control")
    if cache != NGINX_STATIC_CACHE:
        return [f"{path} was not served by nginx (Cache-Control: {cache})"]
    return []


def check_media_not_served(stack: Stack, context: ssl.SSLContext) -> list[str]:
    reply = Client(stack.port, context).request("GET", "/media/anything.pdf")
    return [] if reply.status == 404 else [f"/media/ answered {reply.status}, not 404"]


def check_official_sign_in(stack: Stack, context: ssl.SSLContext) -> list[str]:
    account = stack.smoke_account()
    client = Client(stack.port, context)
    origin = stack.url.rstrip("/")
    signed_in = client.sign_in(origin, account["username"], account["password"], {})
    if signed_in.status != 302:
        return [f"sign-in answered {signed_in.status}, not a redirect"]
    page = client.request("GET", "/tasks/")
    if page.status != 200 or SMOKE_FULL_NAME not in page.body:
        return [f"the officials' task list answered {page.status} without the signed-in user"]
    return []


def check_api_token(stack: Stack, context: ssl.SSLContext) -> list[str]:
    token = stack.smoke_account()["token"]
    client = Client(stack.port, context)
    reply = client.request("GET", "/api/v1/tasks/", headers={"Authorization": f"Bearer {token}"})
    if reply.status != 200 or "results" not in json.loads(reply.body):
        return [f"/api/v1/tasks/ with a token answered {reply.status}"]
    refused = client.request("GET", "/api/v1/tasks/")
    if refused.status not in (401, 403):
        return [f"/api/v1/tasks/ without a token answered {refused.status}"]
    return []


def check_client_address(stack: Stack, context: ssl.SSLContext) -> list[str]:
    """Through nginx the application sees nginx's peer, whatever the client claims; straight
    to gunicorn (not a trusted proxy's request) the claim is not believed either."""
    problems = []
    origin = stack.url.rstrip("/")
    claim = {"X-Forwarded-For": CLAIMED_ADDRESS}
    through_nginx = Client(stack.port, context, source="127.0.0.2")
    seen = failed_sign_in_address(stack, through_nginx, origin, claim)
    if seen != "127.0.0.2":
        problems.append(f"through nginx the application saw {seen!r}, not 127.0.0.2")
    direct = Client(stack.app_port, None, source="127.0.0.3", host_header=f"127.0.0.1:{stack.port}")
    seen = failed_sign_in_address(stack, direct, origin, claim | {"X-Forwarded-Proto": "https"})
    if seen != "127.0.0.3":
        problems.append(f"straight to gunicorn the application saw {seen!r}, not 127.0.0.3")
    return problems


def failed_sign_in_address(stack: Stack, client: Client, origin: str, extra: dict[str, str]) -> str:
    """Sign in with a wrong password as a throw-away name; the address axes recorded."""
    username = f"smoke-probe-{secrets.token_hex(4)}"
    reply = client.sign_in(origin, username, secrets.token_urlsafe(12), extra)
    if reply.status != 200:
        return f"(sign-in answered {reply.status})"
    where = f"FROM axes_accessattempt WHERE username = '{username}'"
    address = stack.primary.sql(f"SELECT ip_address {where}", dbname="nq57")
    # The probe must not count towards the address's lockout on later runs.
    stack.primary.sql(f"DELETE {where}", dbname="nq57")
    return address


def check_https_redirect(stack: Stack, context: ssl.SSLContext) -> list[str]:
    reply = Client(stack.http_port, None).request("GET", "/ranking/?page=2")
    expected = f"https://127.0.0.1:{stack.port}/ranking/?page=2"
    if reply.status != 301 or reply.headers.get("location") != expected:
        return [f"http:// answered {reply.status} to {reply.headers.get('location')}"]
    return []


def check_readiness(stack: Stack, context: ssl.SSLContext) -> list[str]:
    """/readyz answers 200 once the health checks are merged; until then, nothing to check."""
    if not readiness_expected():
        return []
    reply = Client(stack.port, context).request("GET", READINESS_PATH)
    return [] if reply.status == 200 else [f"{READINESS_PATH} answered {reply.status}"]


def readiness_expected() -> bool:
    """Whether this checkout has the health checks (nq57/core/health*, branch `health`)."""
    from tools.prod_config import CHECKOUT

    return any((CHECKOUT / "nq57" / "core").glob("health*"))


def create_smoke_account() -> None:
    """Run inside `manage.py shell`: an official who needs no second factor, and a read
    token; prints them as one JSON line (tools/prod.py keeps it in smoke.json, 0600)."""
    from nq57.accounts.choices import Role, TokenScope
    from nq57.accounts.models import User
    from nq57.accounts.services import api_token_issue, user_create
    from nq57.core.actors import SYSTEM
    from nq57.orgs.models import Organization

    password = secrets.token_urlsafe(18)
    user = User.objects.filter(username=SMOKE_USERNAME).first()
    if user is None:
        user = user_create(
            SYSTEM,
            username=SMOKE_USERNAME,
            password=password,
            organization=Organization.objects.get(code="BKHCN"),
            role=Role.REPORTER,
            full_name=SMOKE_FULL_NAME,
        )
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    _, token = api_token_issue(SYSTEM, user=user, name="smoke check", scope=TokenScope.READ)
    print(json.dumps({"username": SMOKE_USERNAME, "password": password, "token": token}))
