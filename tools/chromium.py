"""Debian's Chromium, launched the one way that works on a closed network; used by the browser
tests and tools/screenshots.py. Never a downloaded browser (`playwright install`)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium waits on services a closed network lacks.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright: Playwright) -> Browser:
    """Headless Chromium from /usr/bin (Debian's `chromium` package)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
