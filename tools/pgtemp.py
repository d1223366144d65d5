"""Run a command against a throw-away PostgreSQL server: initdb, start, run, stop, delete.

    python tools/pgtemp.py -- pytest ...

The server lives in a temporary directory, listens on 127.0.0.1 at a free port, and is gone
when the command ends; DATABASE_URL points the command at it. As root, the server runs as the
`postgres` system user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess  # nosec B404  # runs fixed local programs
import sys
import tempfile
from pathlib import Path

MIN_MAJOR = 15


def find_bindir() -> Path:
    """The newest installed PostgreSQL ≥ 15 (Debian's /usr/lib/postgresql/N/bin, or PATH)."""
    candidates = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for bindir in candidates:
        version = subprocess.run(  # nosec B603  # fixed program and arguments, no user input
            [str(bindir / "initdb"), "--version"], capture_output=True, text=True, check=False
        ).stdout
        major = int("".join(ch for ch in version.split()[-1].split(".")[0] if ch.isdigit()) or 0)
        if major >= MIN_MAJOR:
            return bindir
    sys.exit(f"pgtemp: no PostgreSQL ≥ {MIN_MAJOR} found (apt-get install postgresql)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        sys.exit("usage: pgtemp.py -- COMMAND [ARGS...]")
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="nq57-pg-"))
    data = root / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    os.chmod(root, 0o755)  # nosec B103  # the postgres user must read the throw-away server's directory
    port = free_port()
    log = root / "server.log"
    try:
        subprocess.run(  # nosec B603  # fixed program and arguments, no user input
            [
                *as_user,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # Durability is pointless for a test database; these make the suite much faster.
        options = (
            f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50 "
            "-c shared_buffers=256MB -c work_mem=32MB"
        )
        subprocess.run(  # nosec B603  # fixed program and arguments, no user input
            [
                *as_user,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env = dict(
            os.environ,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/postgres",
            NQ57_PG_BINDIR=str(bindir),
        )
        return subprocess.run(argv, env=env, check=False).returncode  # nosec B603  # fixed program and arguments, no user input
    finally:
        subprocess.run(  # nosec B603  # fixed program and arguments, no user input
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
