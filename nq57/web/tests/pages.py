"""Reading the pages the way a person does: the figures and the links behind them."""

from __future__ import annotations

import html
import re
from typing import Any

FIGURE_LINK = re.compile(
    r'<a[^>]*\bdata-figure="(?P<key>[^"]+)"[^>]*\bhref="(?P<url>[^"]+)"[^>]*>\s*(?P<value>\d[\d.,]*)\s*<'
)
RESULT_COUNT = re.compile(r'id="result-count" data-count="(\d+)"')


def figure_links(page: str) -> list[tuple[str, str, int]]:
    """(key, url, value) of every figure on a page, in page order."""
    return [
        (m["key"], html.unescape(m["url"]), int(re.sub(r"\D", "", m["value"])))
        for m in FIGURE_LINK.finditer(page)
    ]


def listed_count(client: Any, url: str) -> int:
    """The number of tasks the task list at `url` says it holds."""
    response = client.get(url)
    assert response.status_code == 200, url
    found = RESULT_COUNT.search(response.content.decode())
    assert found, f"no result count on {url}"
    return int(found[1])
