"""manage.py feedback_suggest FILE [--top N]: the bodies suggested for each item of a file of
JSON lines (`title`, `content`, and optionally `kind` and `field` as the sender gave them),
one JSON line out per line in, in order: {"suggestions": [{"body": CODE, "confidence": p}]},
best first. A line that is not an item gets {"suggestions": [], "error": "..."}: one bad
line never stops the rest. Works on a fresh database after `migrate` and `load_orgs` (it
trains the first version itself if the worker has not yet)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.feedback.suggest.reading import item_text
from nq57.feedback.suggest.training import current_suggester, train_suggester

MAX_TOP = 20


def _as_text(value: Any) -> str:
    """What the sender gave, read as text whatever it is (an unknown kind is just words)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class Command(BaseCommand):
    help = "Suggest the responsible body for each item of a JSON-lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON lines with title and content ('-' reads stdin)")
        parser.add_argument("--top", type=int, default=3, help="suggestions per item (1–20)")

    def handle(self, *args: Any, **options: Any) -> None:
        top = options["top"]
        if not 1 <= top <= MAX_TOP:
            raise CommandError(f"--top: from 1 to {MAX_TOP}")
        lines = self._lines(options["file"])
        found = current_suggester() or train_suggester()
        if found is None:
            raise CommandError("nothing to suggest from: run load_orgs (the bodies' remits)")
        suggester = found[0]
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                item = None
            if not isinstance(item, dict):
                self._write({"suggestions": [], "error": f"line {number}: not a JSON object"})
                continue
            text = item_text(
                _as_text(item.get("title")),
                _as_text(item.get("content")),
                _as_text(item.get("kind")),
                _as_text(item.get("field")),
            )
            suggestions = suggester.suggest(text, top) if text.strip() else []
            self._write(
                {"suggestions": [{"body": s.body, "confidence": s.confidence} for s in suggestions]}
            )

    def _write(self, answer: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(answer, ensure_ascii=False))

    @staticmethod
    def _lines(name: str) -> list[str]:
        if name == "-":
            return sys.stdin.read().splitlines()
        try:
            return Path(name).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{name}: {exc}") from None
