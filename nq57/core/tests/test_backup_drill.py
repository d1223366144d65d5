"""Issue 13 item 4: the backup drill restores a chosen moment, and only that moment.

Real servers throughout (a durable primary archiving its WAL, pg_basebackup, a fresh cluster
recovered to the moment), the application run against each as a subprocess: nothing mocked."""

from __future__ import annotations

import pytest

from tools.backup.drill import check_restore, fresh_drill, prepare

pytestmark = pytest.mark.postgres_only


def test_a_restore_to_t_gives_back_the_figures_rollups_and_files_of_t_and_no_other() -> None:
    with fresh_drill() as drill:
        prepare(drill)
        assert drill.deleted_after_t, "the drill erases a file of T after T"
        assert set(drill.deleted_after_t) <= set(drill.at_t["files"])
        assert drill.written_after_t, "the drill writes a file after T"

        assert check_restore(drill, drill.moments["t"], "t") == []

        # The comparison is not vacuous: a restore to an earlier moment (just after the base
        # backup, before the writes that led to T) fails it, on figures and on files.
        earlier = check_restore(drill, drill.moments["after_base"], "early")
        assert "summary differ from those recorded at T" in earlier
        assert "rollups differ from those recorded at T" in earlier
        assert any(problem.startswith("file of T missing") for problem in earlier)
