"""Reading the dossier pages as a person does: their figures, the links behind them, and what
the list each opens holds (its totals and its rows)."""

from __future__ import annotations

import html
import re
from typing import Any

DOSSIER_FIGURE = re.compile(
    r'<a[^>]*\bdata-dossier-figure="(?P<key>[^"]+)"[^>]*\bhref="(?P<url>[^"]+)"[^>]*>'
    r"\s*(?P<value>\d[\d.,]*)\s*<"
)
TOTALS = re.compile(
    r'id="list-totals" data-dossiers="(\d+)" data-databases="(\d+)" data-owners="(\d+)" '
    r'data-amount="(\d+)"'
)
ROW = re.compile(
    r'<tr data-dossier="(\d+)" data-database="([^"]+)" data-owner="([^"]+)" '
    r'data-amount="(\d+)" data-state="([^"]+)"'
)


def dossier_figure_links(page: str) -> list[tuple[str, str, int]]:
    """(key, url, value) of every dossier figure on a page, in page order."""
    return [
        (m["key"], html.unescape(m["url"]), int(re.sub(r"\D", "", m["value"])))
        for m in DOSSIER_FIGURE.finditer(page)
    ]


def list_totals(client: Any, url: str) -> dict[str, int]:
    """What the dossier list at `url` says it holds: dossiers, databases, owners, amount."""
    response = client.get(url)
    assert response.status_code == 200, url
    found = TOTALS.search(response.content.decode())
    assert found, f"no totals on {url}"
    measures = ("dossiers", "databases", "owners", "amount")
    return dict(zip(measures, map(int, found.groups()), strict=True))


def listed_rows(client: Any, url: str) -> list[tuple[int, str, str, int, str]]:
    """Every row of the dossier list at `url`, page after page: (pk, database, owner,
    amount, state)."""
    rows: list[tuple[int, str, str, int, str]] = []
    page = 1
    while True:
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}page={page}")
        assert response.status_code == 200, url
        content = response.content.decode()
        rows.extend(
            (int(pk), code, owner, int(amount), state)
            for pk, code, owner, amount, state in ROW.findall(content)
        )
        if 'rel="next"' not in content:
            return rows
        page += 1
