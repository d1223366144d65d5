"""The readiness ranking as a workbook for people: one row per ministry or province, its rank,
score, every component and the counts behind them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from django.utils.translation import gettext_lazy

from nq57.core.exchange import Column, Flavour, Layout, write_xlsx

from .selectors import ReadinessRow, readiness_ranking

EXPORT = Layout(
    "readiness",
    (
        Column("group", label=gettext_lazy("Group")),
        Column("rank", typed=True, label=gettext_lazy("Rank")),
        Column("code", label=gettext_lazy("Organisation code")),
        Column("organisation", label=gettext_lazy("Organisation")),
        Column("score", typed=True, label=gettext_lazy("Score")),
        Column("formed", typed=True, label=gettext_lazy("Formed")),
        Column("quality", typed=True, label=gettext_lazy("Quality")),
        Column("connected", typed=True, label=gettext_lazy("Connected")),
        Column("on_time", typed=True, label=gettext_lazy("Answered on time")),
        Column("granted", typed=True, label=gettext_lazy("Granted")),
        Column("not_overruled", typed=True, label=gettext_lazy("Refusals not overruled")),
        Column("databases", typed=True, label=gettext_lazy("Databases with a status")),
        Column("formed_count", typed=True, label=gettext_lazy("Databases formed")),
        Column("connected_count", typed=True, label=gettext_lazy("Databases connected")),
        Column("due", typed=True, label=gettext_lazy("Requests fallen due")),
        Column("on_time_count", typed=True, label=gettext_lazy("Answered on time (count)")),
        Column("answered", typed=True, label=gettext_lazy("Requests answered")),
        Column("granted_count", typed=True, label=gettext_lazy("Requests granted")),
        Column("refused", typed=True, label=gettext_lazy("Requests refused")),
        Column("overruled", typed=True, label=gettext_lazy("Refusals overruled")),
    ),
)


def _rounded(value: Any, places: str = "0.01") -> Any:
    return None if value is None else value.quantize(type(value)(places))


def _row(group: str, row: ReadinessRow) -> dict[str, Any]:
    counts = row.counts
    return {
        "group": group,
        "rank": row.rank,
        "code": row.org.code,
        "organisation": row.org.name,
        "score": _rounded(row.score),
        **{name: _rounded(value, "0.1") for name, value in row.components.items()},
        "databases": counts.databases,
        "formed_count": counts.formed,
        "connected_count": counts.connected,
        "due": counts.due,
        "on_time_count": counts.on_time,
        "answered": counts.answered,
        "granted_count": counts.granted,
        "refused": counts.refused,
        "overruled": counts.overruled,
    }


def export_rows(as_of: date, group_names: dict[str, str]) -> Iterator[dict[str, Any]]:
    for group, rows in readiness_ranking(as_of).items():
        for row in rows:
            yield _row(group_names[group], row)


def write_readiness_xlsx(as_of: date, out: IO[bytes], group_names: dict[str, str]) -> None:
    write_xlsx(export_rows(as_of, group_names), out, EXPORT, Flavour.PEOPLE)
