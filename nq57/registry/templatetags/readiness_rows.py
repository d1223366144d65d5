"""The readiness ranking's rows: each organisation's rank and name, its score, then each
component with the counts it is computed from, every count a link to the list of what it
counts. Joined in Python rather than through template nodes: the ranking has a hundred rows
of some thirty values, which the template language took about a hundred milliseconds to
render, a third of the page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from nq57.core.numbers import Numbers

from ..readiness.rules import COMPONENTS
from ..readiness.selectors import ReadinessRow

register = template.Library()

# Where the lists behind a row's counts are: the organisation's code goes in place of CODE.
CODE = "ORGCODE"


class _Row:
    """One row's cells. Every value written is a number, a code of ours, or escaped."""

    def __init__(self, row: ReadinessRow, day: str, numbers: Numbers, lists: tuple[str, str]):
        code = escape(quote(row.org.code, safe=""))
        self.rows, self.asked = (path.replace(CODE, code) for path in lists)
        self.row, self.day, self.numbers = row, day, numbers

    def link(self, base: str, figure: str, count: int) -> str:
        return (
            f'<a href="{base}?figure={figure}&amp;as_of={self.day}" data-figure="{figure}" '
            f'data-count="{count:d}">{self.numbers.grouped(count)}</a>'
        )

    def counts(self) -> dict[str, str]:
        """What each component is computed from, as the cell writes it under the share."""
        c, rows, asked = self.row.counts, self.rows, self.asked
        return {
            "formed": f"{self.link(rows, 'formed', c.formed)} / "
            f"{self.link(rows, 'databases', c.databases)}",
            "quality": f"{self.link(rows, 'quality', c.assessed)} {escape(gettext('assessed'))}",
            "connected": f"{self.link(rows, 'connected', c.connected)} / "
            f"{self.numbers.grouped(c.databases)}",
            "on_time": f"{self.link(asked, 'answered_on_time', c.on_time)} / "
            f"{self.link(asked, 'due', c.due)}",
            "granted": f"{self.link(asked, 'granted_at_once', c.granted)} / "
            f"{self.link(asked, 'answered', c.answered)}",
            "not_overruled": f"{self.link(asked, 'refusals_overruled', c.overruled)} "
            f"{escape(gettext('overruled'))} / {self.link(asked, 'refused', c.refused)}",
        }

    def html(self) -> str:
        row, counts = self.row, self.counts()
        cells = "".join(
            f'<td data-component="{name}">{self.numbers.rounded(row.components[name], 1)}'
            f"<br><small>{counts[name]}</small></td>"
            for name in COMPONENTS
        )
        return (
            f'<tr data-org="{escape(row.org.code)}"><td>{row.rank or "—"}</td>'
            f'<th scope="row" class="name">{escape(row.org.name)}</th>'
            f'<td class="fw-semibold" data-component="score">'
            f"{self.numbers.rounded(row.score, 2)}</td>{cells}</tr>"
        )


@register.simple_tag
def readiness_rows(ranked: Iterable[ReadinessRow], as_of: date) -> SafeString:
    lists = (
        reverse("registry:readiness_databases", args=[CODE]),
        reverse("registry:readiness_requests", args=[CODE]),
    )
    numbers, day = Numbers(), as_of.isoformat()
    rows = "\n".join(_Row(row, day, numbers, lists).html() for row in ranked)
    return mark_safe(rows)  # noqa: S308 - every value is a number, our code, or escaped  # nosec B308 B703
