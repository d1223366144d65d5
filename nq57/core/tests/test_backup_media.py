"""Issue 13 item 4: the media half of a backup. Snapshots cost only the new uploads (hard
links for the rest); a restore to T takes exactly the files the database of T refers to,
each from the newest snapshot not after T, else from the first after it."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from nq57.tasks import services
from nq57.tasks.models import Task
from tools.backup.layout import BackupDir
from tools.backup.media import restore_files, snapshot

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)


def test_a_snapshot_links_the_files_it_already_holds_and_copies_the_new_ones(
    tmp_path: Path,
) -> None:
    media, backups = tmp_path / "media", BackupDir(tmp_path / "b", tmp_path / "b" / "wal")
    write(media, "evidence/1/a.pdf", "a")
    first = snapshot(media, backups, NOON)
    write(media, "evidence/2/b.pdf", "b")
    second = snapshot(media, backups, NOON + timedelta(hours=1))
    old, again = first / "evidence/1/a.pdf", second / "evidence/1/a.pdf"
    assert os.stat(old).st_ino == os.stat(again).st_ino  # one copy on disk
    assert (second / "evidence/2/b.pdf").read_text() == "b"
    assert not (first / "evidence/2/b.pdf").exists()
    assert [p.name for p in backups.finished(backups.media)] == [first.name, second.name]


def test_the_files_of_t_come_from_the_snapshot_before_t_else_the_first_after(
    tmp_path: Path,
) -> None:
    media, backups = tmp_path / "media", BackupDir(tmp_path / "b", tmp_path / "b" / "wal")
    write(media, "feedback/X/erased.pdf", "erased later")
    write(media, "evidence/1/reused.pdf", "as at T")
    snapshot(media, backups, NOON)
    (media / "feedback/X/erased.pdf").unlink()  # an erasure after T
    write(media, "evidence/1/reused.pdf", "a later file under the same name")
    write(media, "evidence/2/after-base.pdf", "uploaded between the snapshot and T")
    snapshot(media, backups, NOON + timedelta(hours=2))
    wanted = ["feedback/X/erased.pdf", "evidence/1/reused.pdf", "evidence/2/after-base.pdf"]
    into = tmp_path / "restored"
    count, missing = restore_files(
        backups, NOON + timedelta(hours=1), [*wanted, "evidence/9/never.pdf", "../etc/passwd"], into
    )
    assert (count, missing) == (3, ["evidence/9/never.pdf", "../etc/passwd"])
    assert (into / "feedback/X/erased.pdf").read_text() == "erased later"
    assert (into / "evidence/1/reused.pdf").read_text() == "as at T"
    assert (into / "evidence/2/after-base.pdf").exists()
    assert sorted(str(p.relative_to(into)) for p in into.rglob("*.pdf")) == sorted(wanted)


@pytest.mark.django_db
def test_media_references_lists_every_file_a_row_refers_to(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN")
    services.progress_report_submit(
        make_user("BKHCN", "reporter"),
        task=task,
        reported_on=date.today(),
        percent=10,
        files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")],
        links=["https://example.gov.vn/bao-cao"],  # a link is no file
    )
    out = StringIO()
    call_command("media_references", stdout=out)
    assert out.getvalue().splitlines() == [f"evidence/{task.pk}/bien-ban.pdf"]
