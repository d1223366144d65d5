"""What a commitment is measured by, as people write it in the form (one link a line) and as
the services take it: parsed against the real tasks, indicators, databases and programmes,
every problem named by its field and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from nq57.budget.models import Programme
from nq57.core.actors import Actor
from nq57.core.errors import ValidationFailed
from nq57.core.periods import PeriodError, parse_period
from nq57.indicators.models import Indicator
from nq57.registry.choices import DatabaseStatus
from nq57.registry.models import Database
from nq57.tasks.models import Task

from .models import Commitment

MOST_LINES = 50
SEPARATOR = ";"


@dataclass(frozen=True)
class IndicatorSpec:
    indicator: Indicator
    period: str
    target: Decimal


@dataclass(frozen=True)
class DatabaseSpec:
    database: Database
    status: str


@dataclass(frozen=True)
class BudgetSpec:
    year: int
    programme: Programme
    share: Decimal


@dataclass(frozen=True)
class Links:
    """Everything a commitment is measured by."""

    tasks: list[Task] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)
    databases: list[DatabaseSpec] = field(default_factory=list)
    budgets: list[BudgetSpec] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.tasks) + len(self.indicators) + len(self.databases) + len(self.budgets)


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [
        (number, [part.strip() for part in line.split(SEPARATOR)])
        for number, line in enumerate(str(text or "").splitlines(), start=1)
        if line.strip()
    ]


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _at(number: int, message: str) -> str:
    return _("line %(line)s: %(message)s") % {"line": number, "message": message}


def parse_links(
    actor: Actor, *, tasks: str = "", indicators: str = "", databases: str = "", budget: str = ""
) -> Links:
    """The links written in the four fields; ValidationFailed naming each bad field and line,
    or when there is nothing to measure the commitment by."""
    errors: dict[str, list[str]] = {}
    found = Links()
    texts = {"tasks": tasks, "indicators": indicators, "databases": databases, "budget": budget}
    for name, text in texts.items():
        if len(_lines(text)) > MOST_LINES:
            errors[name] = [_("at most %(most)s lines") % {"most": MOST_LINES}]
    if errors:
        raise ValidationFailed(_("Check the links of the commitment."), fields=errors)
    _tasks(actor, tasks, found, errors)
    _indicators(indicators, found, errors)
    _databases(databases, found, errors)
    _budget(budget, found, errors)
    if not errors and found.count == 0:
        errors["tasks"] = [
            _(
                "Link at least one task, indicator, database or budget: the commitment "
                "is judged by them."
            )
        ]
    if errors:
        raise ValidationFailed(_("Check the links of the commitment."), fields=errors)
    return found


def _tasks(actor: Actor, text: str, found: Links, errors: dict[str, list[str]]) -> None:
    seen: set[int] = set()
    for number, parts in _lines(text):
        written = SEPARATOR.join(parts)
        program, _slash, code = written.rpartition("/")
        matches = Task.objects.visible_to(actor).filter(code=code.strip())
        if program:
            matches = matches.filter(program__code=program.strip())
        rows = list(matches[:2])
        if not rows:
            message = _("no task with code '%(code)s' that you can see") % {"code": written}
        elif len(rows) > 1:
            message = _("task code '%(code)s' is in several programmes: write PROGRAMME/CODE") % {
                "code": written
            }
        elif rows[0].pk in seen:
            message = _("task '%(code)s' is listed twice") % {"code": written}
        else:
            seen.add(rows[0].pk)
            found.tasks.append(rows[0])
            continue
        errors.setdefault("tasks", []).append(_at(number, message))


def _indicators(text: str, found: Links, errors: dict[str, list[str]]) -> None:
    seen: set[tuple[int, str]] = set()
    for number, parts in _lines(text):
        message = ""
        if len(parts) != 3:
            message = _("write CODE; PERIOD; VALUE (e.g. CQS-01; 2025; 80)")
        else:
            code, period_text, value_text = parts
            indicator = Indicator.objects.filter(code=code).first()
            value = _number(value_text)
            try:
                period = parse_period(period_text).code
            except PeriodError:
                period = ""
            if indicator is None:
                message = _("no indicator with code '%(code)s'") % {"code": code}
            elif not period:
                message = _("'%(value)s' is not a period (2025, 2025Q1, 2025S1, 202501)") % {
                    "value": period_text
                }
            elif value is None or abs(value) >= Decimal(10) ** 15:
                message = _("'%(value)s' is not a number") % {"value": value_text}
            elif (indicator.pk, period) in seen:
                message = _("indicator '%(code)s' for %(period)s is listed twice") % {
                    "code": code,
                    "period": period,
                }
            else:
                seen.add((indicator.pk, period))
                found.indicators.append(IndicatorSpec(indicator, period, value))
                continue
        errors.setdefault("indicators", []).append(_at(number, message))


def _databases(text: str, found: Links, errors: dict[str, list[str]]) -> None:
    seen: set[int] = set()
    statuses = {DatabaseStatus.FORMED.value, DatabaseStatus.DEPLOYING.value}
    for number, parts in _lines(text):
        code, status = parts[0], (parts[1] if len(parts) > 1 else DatabaseStatus.FORMED)
        database = Database.objects.filter(code=code).first()
        if len(parts) > 2:
            message = _("write CODE or CODE; formed or CODE; deploying")
        elif database is None:
            message = _("no database with code '%(code)s'") % {"code": code}
        elif status not in statuses:
            message = _("the state promised is 'formed' or 'deploying', not '%(value)s'") % {
                "value": status
            }
        elif database.pk in seen:
            message = _("database '%(code)s' is listed twice") % {"code": code}
        else:
            seen.add(database.pk)
            found.databases.append(DatabaseSpec(database, status))
            continue
        errors.setdefault("databases", []).append(_at(number, message))


def _budget(text: str, found: Links, errors: dict[str, list[str]]) -> None:
    seen: set[tuple[int, int]] = set()
    for number, parts in _lines(text):
        message = ""
        if len(parts) != 3:
            message = _("write YEAR; PROGRAMME; SHARE DISBURSED % (e.g. 2025; NQ57; 80)")
        else:
            year_text, code, share_text = parts
            programme = Programme.objects.filter(code=code).first()
            share = _number(share_text.rstrip("%").strip())
            year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
            if not 2000 <= year <= 2100:
                message = _("'%(value)s' is not a year") % {"value": year_text}
            elif programme is None:
                message = _("no budget programme with code '%(code)s'") % {"code": code}
            elif share is None or not Decimal(0) < share <= Decimal(100):
                message = _(
                    "the share must be a number above 0 and at most 100, not '%(value)s'"
                ) % {"value": share_text}
            elif (year, programme.pk) in seen:
                message = _("programme '%(code)s' of %(year)s is listed twice") % {
                    "code": code,
                    "year": year,
                }
            else:
                seen.add((year, programme.pk))
                found.budgets.append(BudgetSpec(year, programme, share.quantize(Decimal("0.1"))))
                continue
        errors.setdefault("budget", []).append(_at(number, message))


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def links_text(commitment: Commitment) -> dict[str, str]:
    """The links of a commitment as the form writes them (to edit them)."""
    return {
        "tasks": "\n".join(
            f"{link.task.program.code}/{link.task.code}"
            for link in commitment.task_links.select_related("task__program")
        ),
        "indicators": "\n".join(
            f"{link.indicator.code}; {link.period}; {_plain(link.target)}"
            for link in commitment.indicator_links.select_related("indicator")
        ),
        "databases": "\n".join(
            f"{link.database.code}; {link.status}"
            for link in commitment.database_links.select_related("database")
        ),
        "budget": "\n".join(
            f"{link.year}; {link.programme.code}; {_plain(link.share)}"
            for link in commitment.budget_links.select_related("programme")
        ),
    }
