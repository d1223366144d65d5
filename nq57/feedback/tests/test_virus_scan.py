"""Attachments go through ClamAV when a scanner is configured.

ClamAV's daemon cannot run here (its signature database is downloaded from the internet), so
the scanner is a stand-in on loopback that speaks clamd's INSTREAM protocol and flags the EICAR
test string, as clamd does; the client code is the one that talks to a real clamd."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nq57.core.errors import ValidationFailed
from nq57.core.files import VirusFound, scan_for_viruses

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def serve_instream(server: socket.socket) -> None:
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            command = b""
            while not command.endswith(b"\0"):
                command += conn.recv(1)
            assert command == b"zINSTREAM\0"
            data = b""
            while True:
                size = struct.unpack(">I", conn.recv(4, socket.MSG_WAITALL))[0]
                if not size:
                    break
                data += conn.recv(size, socket.MSG_WAITALL)
            verdict = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in data else b"stream: OK\0"
            conn.sendall(verdict)


@pytest.fixture
def clamd(settings: Any) -> Iterator[str]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    threading.Thread(target=serve_instream, args=(server,), daemon=True).start()
    settings.NQ57_CLAMAV = f"127.0.0.1:{server.getsockname()[1]}"
    yield settings.NQ57_CLAMAV
    server.close()


def test_a_clean_file_passes_and_a_flagged_one_is_refused(clamd: str) -> None:
    scan_for_viruses(SimpleUploadedFile("ok.pdf", PDF), field="attachments")
    infected = SimpleUploadedFile("bad.pdf", PDF + EICAR)
    with pytest.raises(VirusFound) as found:
        scan_for_viruses(infected, field="attachments")
    assert "bad.pdf" in found.value.fields["attachments"][0]
    assert infected.tell() == 0  # left as it was, for whatever reads it next


def test_an_unreachable_scanner_refuses_rather_than_lets_through(settings: Any) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.NQ57_CLAMAV = f"127.0.0.1:{port}"
    with pytest.raises(ValidationFailed):
        scan_for_viruses(SimpleUploadedFile("ok.pdf", PDF), field="attachments")


def test_no_scanner_configured_checks_nothing(settings: Any) -> None:
    settings.NQ57_CLAMAV = ""
    scan_for_viruses(SimpleUploadedFile("bad.pdf", PDF + EICAR), field="attachments")
