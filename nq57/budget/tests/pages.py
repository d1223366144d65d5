"""Reading the budget's pages as a person does: the figures, the links behind them, and what
the entry list behind a link adds up to."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command

from nq57.budget.demo import DEMO_FILE

# A figure: its kind, the list it opens and the amount shown (Vietnamese or English groups).
FIGURE = re.compile(
    r'<a[^>]*\bdata-figure="(?P<key>[^"]+)"[^>]*\bhref="(?P<url>[^"]+)"[^>]*>'
    r"\s*(?P<value>-?\d[\d.,]*)\s*<"
)


def load_demo() -> None:
    call_command("import_budget", str(DEMO_FILE), stdout=io.StringIO())


def figures_on(page: str) -> list[tuple[str, str, int]]:
    """(key, url, value) of every linked figure, in page order."""
    return [
        (m["key"], html.unescape(m["url"]), int(re.sub(r"[^\d-]", "", m["value"])))
        for m in FIGURE.finditer(page)
    ]


@dataclass(frozen=True)
class Listed:
    """What an entry list says of itself."""

    count: int
    bodies: int
    total: int | None  # the figure's own amount (None for every entry counted)


def listed(client: Any, url: str) -> Listed:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    count = re.search(r'id="result-count" data-count="(\d+)"', page)
    bodies = re.search(r'id="result-bodies" data-bodies="(\d+)"', page)
    total = re.search(r'id="result-sum" data-sum="(-?\d+)"', page)
    assert count, url
    assert bodies, url
    return Listed(int(count[1]), int(bodies[1]), int(total[1]) if total else None)


def text_of(page: str) -> str:
    """The visible text of a page's main part, tags dropped."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))
