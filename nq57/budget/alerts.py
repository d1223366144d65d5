"""The alert when money moves but work doesn't, as of a day: each year, organisation and
programme with linked tasks whose disbursements have outrun their progress (`rules.
money_outruns_work`, thresholds from settings). The same for every official."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from nq57.orgs.models import Organization
from nq57.tasks.models import ProgressReport, Task
from nq57.tasks.selectors.status_sql import filter_by_status
from nq57.tasks.status import Status

from .models import Entry, Programme
from .rules import AlertThresholds, Figures, mean_progress, money_outruns_work
from .selectors import year_budget


def thresholds() -> AlertThresholds:
    """The thresholds in force: settings NQ57_BUDGET_ALERT_DISBURSED_SHARE and
    NQ57_BUDGET_ALERT_PROGRESS_UNDER (percent), else the issue's defaults (50, 25)."""
    default = AlertThresholds()
    return AlertThresholds(
        disbursed_share=int(
            getattr(settings, "NQ57_BUDGET_ALERT_DISBURSED_SHARE", default.disbursed_share)
        ),
        progress_under=int(
            getattr(settings, "NQ57_BUDGET_ALERT_PROGRESS_UNDER", default.progress_under)
        ),
    )


@dataclass(frozen=True)
class MoneyAlert:
    """A year's money of one organisation and programme that outran its linked tasks."""

    year: int
    organization: Organization
    programme: Programme
    money: Figures
    progress: Decimal
    tasks: tuple[int, ...]


def task_progress(task_ids: set[int], as_of: date) -> dict[int, int]:
    """Each task's progress on `as_of`: 100 once its completion is confirmed by then, else
    its latest report's percent on or before the day, else 0."""
    if not task_ids:
        return {}
    tasks = Task.objects.filter(pk__in=task_ids)
    done = set(
        filter_by_status(tasks, [Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE], as_of)
        .order_by()
        .values_list("pk", flat=True)
    )
    latest = (
        ProgressReport.objects.filter(task_id__in=task_ids, reported_on__lte=as_of)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("task_id")],
                order_by=[F("reported_on").desc(), F("pk").desc()],
            )
        )
        .filter(place=1)
        .order_by()
    )
    reported = dict(latest.values_list("task_id", "percent"))
    return {task: 100 if task in done else reported.get(task, 0) for task in task_ids}


def money_alerts(year: int, as_of: date) -> list[MoneyAlert]:
    """The year's money that outran its work on `as_of`, most disbursed first. A task is
    linked to a year's money of an organisation and programme when any of its entries
    dated by the day names it."""
    linked: dict[tuple[int, int], set[int]] = defaultdict(set)
    through = Entry.tasks.through.objects.filter(
        entry__year=year, entry__dated__lte=as_of
    ).values_list("entry__organization_id", "entry__programme_id", "task_id")
    for org, programme, task in through:
        linked[(org, programme)].add(task)
    if not linked:  # no money linked to work: nothing to compare, and one query spent
        return []
    budget = year_budget(year, as_of)
    progress = task_progress({task for tasks in linked.values() for task in tasks}, as_of)
    rule = thresholds()
    found = []
    for key, tasks in linked.items():
        money = budget.cells.get(key, Figures())
        mean = mean_progress(progress[task] for task in tasks)
        if mean is not None and money_outruns_work(money, mean, rule):
            org, programme = key
            found.append(
                MoneyAlert(
                    year=year,
                    organization=budget.organizations[org],
                    programme=budget.programmes[programme],
                    money=money,
                    progress=mean,
                    tasks=tuple(sorted(tasks)),
                )
            )
    return sorted(found, key=lambda alert: (-alert.money.disbursed, alert.organization.code))
