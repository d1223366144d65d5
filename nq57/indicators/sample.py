"""Sample values: the 2025 online-records figures the steering committees quoted (39.98%
nationally, 54.46% for ministries and branches, 16.94% for provinces) spread over every
ministry, province and commune by month, with the traps real returns have.

The rates are the group's sums, not means: a commune with many records and a low rate weighs
more than one with few. The figures are reproduced exactly (to 0.01) by construction; the
spread between organisations and months is random.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from nq57.orgs.choices import OrgKind
from nq57.orgs.models import Organization

# Records received in 2025 by each group, and the online share the committees reported.
CENTRAL_RECORDS, CENTRAL_RATE = 15_911_602, Decimal("0.5446")
LOCAL_RECORDS, LOCAL_RATE = 10_000_000, Decimal("0.1694")
MONTHS = [f"2025{month:02d}" for month in range(1, 13)]
REPORTING_KINDS = (
    OrgKind.MINISTRY,
    OrgKind.MINISTRY_AGENCY,
    OrgKind.GOVERNMENT_AGENCY,
    OrgKind.PROVINCE,
    OrgKind.COMMUNE,
)


@dataclass(frozen=True)
class Reporter:
    code: str
    group: str


def reporters(commune_limit: int | None = None) -> list[Reporter]:
    """Ministries and agencies, provinces and (all, or the first `commune_limit`) communes."""
    orgs = Organization.objects.filter(kind__in=REPORTING_KINDS).order_by("path")
    found, communes = [], 0
    for code, group, kind in orgs.values_list("code", "group", "kind"):
        if kind == OrgKind.COMMUNE:
            communes += 1
            if commune_limit is not None and communes > commune_limit:
                continue
        found.append(Reporter(code, group))
    return found


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` in whole parts proportional to `weights`, summing exactly (largest remainder)."""
    scale = sum(weights)
    shares = [total * w / scale for w in weights]
    parts = [int(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: shares[i] - parts[i], reverse=True)
    for index in order[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _online(totals: list[int], target: int, rng: random.Random) -> list[int]:
    """Online records for each cell, each between 0 and its total, summing to `target`, with
    rates that differ widely from cell to cell."""
    online = [min(t, int(t * rng.uniform(0, 2) * target / max(sum(totals), 1))) for t in totals]
    gap = target - sum(online)
    cells = list(range(len(totals)))
    while gap:
        rng.shuffle(cells)
        for i in cells:
            if gap > 0 and online[i] < totals[i]:
                step = min(gap, totals[i] - online[i], max(1, gap // len(cells)))
                online[i] += step
                gap -= step
            elif gap < 0 and online[i] > 0:
                step = min(-gap, online[i], max(1, -gap // len(cells)))
                online[i] -= step
                gap += step
            if not gap:
                break
    return online


def online_records_rows(orgs: Sequence[Reporter], seed: int = 57) -> list[dict[str, str]]:
    """Rows of `import_values` (data_element, period, org, value, comment): records and online
    records for each organisation and month of 2025, giving the reported group rates, plus
    the traps: months of 2024 and 2026 that must not count, a month with no records, and a
    large commune with a low rate."""
    rng = random.Random(seed)  # nosec B311  # sample and demo data, not secrets
    rows: list[dict[str, str]] = []
    for group, records, rate in (
        ("central", CENTRAL_RECORDS, CENTRAL_RATE),
        ("local", LOCAL_RECORDS, LOCAL_RATE),
    ):
        members = [org for org in orgs if org.group == group]
        cells = [(org, month) for org in members for month in MONTHS]
        # Heavy tails: a few organisations handle most records, as the largest cities do.
        weights = [rng.paretovariate(1.2) for _ in cells]
        totals = _split(records, weights)
        target = int((Decimal(records) * rate).to_integral_value(rounding=ROUND_HALF_UP))
        online = _online(totals, target, rng)
        for (org, month), total, done in zip(cells, totals, online, strict=True):
            rows.append(_row("records_total", month, org.code, total))
            rows.append(_row("records_online", month, org.code, done))
    first_local = next(org for org in orgs if org.group == "local")
    rows.append(_row("records_total", "202412", first_local.code, 999_999, "trap: 2024"))
    rows.append(_row("records_online", "202412", first_local.code, 999_999, "trap: 2024"))
    rows.append(_row("records_total", "202601", first_local.code, 123_456, "trap: 2026"))
    return rows


def _row(element: str, period: str, org: str, value: int, comment: str = "") -> dict[str, str]:
    return {
        "data_element": element,
        "period": period,
        "org": org,
        "value": str(value),
        "comment": comment,
    }
