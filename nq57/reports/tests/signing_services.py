"""The services a signature reaches, run on loopback for the tests:

- a timestamp server speaking RFC 3161 over HTTP, its tokens made by pyHanko's own
  timestamp authority (`DummyTimeStamper`, the library's in-process TSA) with a certificate
  made for timestamping;
- a remote signing service speaking the CSC v1 API (`credentials/info`,
  `credentials/authorize` with a PIN, `signatures/signHash`). No provider's service can run
  here, so this is a minimal one written to the published API: the test exercises the real
  HTTP client and the real signature, and stands in only for the provider's side.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from pyhanko.sign.timestamps import DummyTimeStamper

from nq57.reports.demo_key import demo_identity

SHA256_WITH_RSA = "1.2.840.113549.1.1.11"


def as_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the tests read what they assert."""

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def _reply(self, status: int, content: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)


@contextmanager
def timestamp_server() -> Iterator[str]:
    """The URL of an RFC 3161 timestamp server on loopback."""
    key, certificate = demo_identity("NQ57 test timestamp authority", timestamping=True)
    authority = DummyTimeStamper(
        tsa_cert=as_asn1(certificate),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )

    class Handler(_Quiet):
        def do_POST(self) -> None:
            request = tsp.TimeStampReq.load(self._body())
            answer = authority.request_tsa_response(request)
            self._reply(200, answer.dump(), "application/timestamp-reply")

    with _serving(Handler) as url:
        yield url


class CscService:
    """A signer's credential at a CSC v1 service: the key, its certificate, the bearer token
    the service issued and the PIN that authorises a signature."""

    def __init__(self, name: str) -> None:
        self.key, self.certificate = demo_identity(name)
        self.credential_id = "cred-" + secrets.token_hex(4)
        self.bearer_token = secrets.token_urlsafe(16)
        self.pin = "246810"
        self.issued: set[str] = set()
        self.signed = 0

    def info(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        return 200, {
            "key": {"status": "enabled", "algo": [SHA256_WITH_RSA], "len": 2048},
            "cert": {"status": "valid", "certificates": [base64.b64encode(der).decode()]},
            "authMode": "explicit",
            "SCAL": "1",
            "multisign": 1,
        }

    def authorize(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if body.get("PIN") != self.pin:
            return 400, {"error": "invalid_pin", "error_description": "The PIN is wrong"}
        activation = secrets.token_urlsafe(16)
        self.issued.add(activation)
        return 200, {"SAD": activation, "expiresIn": 300}

    def sign_hash(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if body.get("SAD") not in self.issued or body.get("signAlgo") != SHA256_WITH_RSA:
            return 400, {"error": "invalid_request"}
        self.issued.discard(body["SAD"])  # an authorisation signs once
        assert isinstance(self.key, rsa.RSAPrivateKey)  # nosec B101 - test support
        signatures = [
            self.key.sign(
                base64.b64decode(value), padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
            )
            for value in body.get("hash", [])
        ]
        self.signed += len(signatures)
        return 200, {"signatures": [base64.b64encode(s).decode() for s in signatures]}


@contextmanager
def csc_server(service: CscService) -> Iterator[str]:
    """The base URL (…/csc/v1) of `service` on loopback."""
    routes = {
        "/csc/v1/credentials/info": service.info,
        "/csc/v1/credentials/authorize": service.authorize,
        "/csc/v1/signatures/signHash": service.sign_hash,
    }

    class Handler(_Quiet):
        def do_POST(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self._reply(404, b"{}", "application/json")
                return
            if self.headers.get("Authorization") != f"Bearer {service.bearer_token}":
                self._reply(401, b'{"error": "invalid_token"}', "application/json")
                return
            body = json.loads(self._body() or b"{}")
            if body.get("credentialID") != service.credential_id:
                self._reply(400, b'{"error": "invalid_request"}', "application/json")
                return
            status, answer = route(body)
            self._reply(status, json.dumps(answer).encode(), "application/json")

    with _serving(Handler) as url:
        yield url + "/csc/v1"
