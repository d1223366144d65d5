"""`manage.py feedback_suggest FILE [--top N]`, the contract: on a database with the
organisations and their remits (`load_orgs`) and no routed history, one JSON line out per
line in, in order, the bodies best first with confidences from 0 to 1; whatever the sender
put in `kind` and `field` is read as text; a line that is not an item is said on its own
line and the rest go on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

ITEMS = [
    {"title": "Bị lừa chuyển tiền qua app ngân hàng", "content": "Tôi bị lừa chuyển khoản."},
    {"title": "hoc phi dai hoc tang qua cao", "content": "de nghi xem lai muc hoc phi",
     "kind": "khac", "field": ["giáo dục"]},
    "không phải một đối tượng",
    {"title": "Sổ đỏ", "content": "Cấp giấy chứng nhận quyền sử dụng đất quá chậm",
     "kind": None, "field": 12},
]  # fmt: skip


def test_one_answer_per_line_in_order(tmp_path: Path) -> None:
    call_command("load_orgs", stdout=io.StringIO())
    source = tmp_path / "items.jsonl"
    source.write_text(
        "\n".join(json.dumps(item, ensure_ascii=False) for item in ITEMS) + "\n{broken\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("feedback_suggest", str(source), "--top", "3", stdout=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == len(ITEMS) + 1
    for answer in (answers[0], answers[1], answers[3]):
        suggestions = answer["suggestions"]
        assert len(suggestions) == 3
        confidences = [s["confidence"] for s in suggestions]
        assert confidences == sorted(confidences, reverse=True)
        assert all(0 <= c <= 1 for c in confidences)
        assert len({s["body"] for s in suggestions}) == 3
    assert answers[2] == {"suggestions": [], "error": "line 3: not a JSON object"}
    assert answers[4]["suggestions"] == []
    assert "line 5" in answers[4]["error"]
    with pytest.raises(CommandError, match="--top"):
        call_command("feedback_suggest", str(source), "--top", "0")
    with pytest.raises(CommandError, match=r"missing\.jsonl"):
        call_command("feedback_suggest", str(tmp_path / "missing.jsonl"))
