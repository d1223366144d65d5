"""manage.py task_summary --as-of D: how many tasks are completed, in progress, overdue."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.core.errors import ValidationFailed
from nq57.core.exchange.command import acting_user
from nq57.tasks.filters import BREAKDOWNS, ROLES, summary_query_from
from nq57.tasks.selectors.summaries import summary_as_dict, task_summary
from nq57.tasks.status import SHARE_KEYS

COLUMNS = ("total", *SHARE_KEYS)


class Command(BaseCommand):
    help = (
        "Status counts of tasks as of a date, optionally broken down by organisation or programme."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="YYYY-MM-DD or DD/MM/YYYY (default: today)")
        parser.add_argument("--due-by", help="also count in-progress tasks due on or before")
        parser.add_argument("--org", help="organisation code or name; covers its subtree")
        parser.add_argument("--role", choices=ROLES, default="lead")
        parser.add_argument("--program", help="programme code")
        parser.add_argument("--by", choices=BREAKDOWNS)
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--user", help="count only what this user may see")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            query = summary_query_from(options)
        except ValidationFailed as exc:
            raise CommandError("; ".join(f"{k}: {v[0]}" for k, v in exc.fields.items())) from None
        total, rows = task_summary(acting_user(options["user"]), query)
        result = summary_as_dict(query, total, rows)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        columns = COLUMNS + (("due_by",) if query.due_by else ())
        lines = [("", "", *columns)]
        for row in result.get("rows", []):
            lines.append((row[query.by or ""], row["name"][:40], *(str(row[c]) for c in columns)))
        lines.append((f"as of {result['as_of']}", "", *(str(result[c]) for c in columns)))
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(lines[0]))]
        for line in lines:
            key, name, *counts = line
            cells = [key.ljust(widths[0]), name.ljust(widths[1])]
            cells += [c.rjust(w) for c, w in zip(counts, widths[2:], strict=True)]
            self.stdout.write("  ".join(cells).rstrip())
