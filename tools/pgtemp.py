"""Run a command against a throw-away PostgreSQL server: initdb, start, run, stop, delete.

    python tools/pgtemp.py [--replica] -- pytest ...

The server lives in a temporary directory, listens on 127.0.0.1 at a free port, and is gone
when the command ends; DATABASE_URL points the command at it. With `--replica`, a streaming
replica of it runs too and DATABASE_REPLICA_URL points at that. The servers come from
tools/pgcluster.py (as root they run as the `postgres` system user).
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404  # runs the command it is given, as its caller asked
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.pgcluster import Server, give_to_server_user, init_primary, init_replica


def main(argv: list[str]) -> int:
    split = argv.index("--") if "--" in argv else -1
    options, command = argv[: max(split, 0)], argv[split + 1 :]
    if not command:
        sys.exit("usage: pgtemp.py [--replica] -- COMMAND [ARGS...]")
    root = Path(tempfile.mkdtemp(prefix="nq57-pg-"))
    give_to_server_user(root)
    servers: list[Server] = []
    try:
        primary = init_primary(root / "primary", settings={"max_connections": "50"})
        primary.start()
        servers.append(primary)
        env = dict(os.environ, DATABASE_URL=primary.url(), NQ57_PG_BINDIR=str(primary.bindir))
        if "--replica" in options:
            replica = init_replica(primary, root / "replica")
            replica.start()
            servers.append(replica)
            env["DATABASE_REPLICA_URL"] = replica.url()
        return subprocess.run(command, env=env, check=False).returncode  # nosec B603  # the caller's own command
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
