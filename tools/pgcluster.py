"""Throw-away PostgreSQL servers on loopback: a primary, streaming replicas, WAL archiving.

Used by tools/pgtemp.py (the test suites), the replica and backup tests, `make prod` and the
load and crash benchmark. Each server is an ordinary cluster made by initdb in a directory of
the caller's, listening on 127.0.0.1 and in a socket directory of its own; its settings are
written into its postgresql.conf, so `postgres -D DIR` (a supervisor's command) and
`pg_ctl start` run it alike. As root, every server runs as the `postgres` system user, since
PostgreSQL refuses to run as root.

    primary = init_primary(root / "primary", archive_dir=root / "wal")
    primary.start()
    replica = init_replica(primary, root / "replica")
    replica.start()
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess  # nosec B404  # runs fixed local programs
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MIN_MAJOR = 15

# Durability is pointless for a test database; these make the suites much faster. A server
# made with `durable=True` (the crash benchmark, the backup drill, `make prod`) keeps the
# defaults: fsync, synchronous commit and full-page writes on.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
COMMON_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "100",
    "shared_buffers": "256MB",
    "work_mem": "32MB",
    # As deploy/postgresql/primary.conf: SSD storage, scoped reads by index.
    "random_page_cost": "1.1",
    # As deploy/postgresql/primary.conf: no JIT, which spent 0.5 s compiling a scoped summary
    # that then ran in 0.3 s.
    "jit": "off",
    "wal_level": "replica",
    "max_wal_senders": "10",
    "hot_standby": "on",
    # A replica answers reads while it replays; a long read must not hold the replay back
    # for more than this (PostgreSQL then cancels the read, and the router retries it).
    "max_standby_streaming_delay": "5s",
    "log_min_messages": "warning",
}


def find_bindir() -> Path:
    """The newest installed PostgreSQL ≥ 15 (Debian's /usr/lib/postgresql/N/bin, or PATH)."""
    if os.environ.get("NQ57_PG_BINDIR"):
        return Path(os.environ["NQ57_PG_BINDIR"])
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
    sys.exit(f"pgcluster: no PostgreSQL ≥ {MIN_MAJOR} found (apt-get install postgresql)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_server_user() -> list[str]:
    """The prefix that runs a command as the server's owner (root hands over to postgres)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def give_to_server_user(path: Path) -> None:
    """Make `path` (a directory the server or its tools write to) the server owner's."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(path, owner.pw_uid, owner.pw_gid)
    os.chmod(path, 0o755)  # nosec B103  # the postgres user must reach the throw-away server's files


def run_as_server(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program as the server's owner; raise with its output if it fails."""
    done = subprocess.run(  # nosec B603  # fixed programs from the PostgreSQL directory
        [*as_server_user(), *argv], check=False, text=True, capture_output=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{Path(argv[0]).name} failed: {done.stderr.strip() or done.stdout}")
    return done


@dataclass
class Server:
    """One cluster: its directory, port and the programs that run it."""

    root: Path
    port: int
    bindir: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def foreground_command(self) -> list[str]:
        """The command a supervisor runs: the server in the foreground, logging to stderr."""
        return [str(self.bindir / "postgres"), "-D", str(self.data)]

    def start(self) -> None:
        run_as_server(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                "120",
                "start",
            ]
        )

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(  # nosec B603  # fixed program and arguments, no user input
            [
                *as_server_user(),
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                mode,
                "-w",
                "stop",
            ],
            check=False,
            capture_output=True,
        )

    def pid(self) -> int | None:
        """The postmaster's process id while it runs (from postmaster.pid), else None."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None
        return pid if process_alive(pid) else None

    def kill(self, timeout: float = 30) -> None:
        """`kill -9` of the postmaster, as a crash would; returns once it is gone, so that
        `start` can follow (PostgreSQL refuses to start beside a live or unreaped one)."""
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    def sql(self, statement: str, dbname: str = "postgres") -> str:
        """One statement through psql; its output, unaligned, without headers."""
        return run_as_server(
            [
                str(self.bindir / "psql"),
                "-X",
                "-qAt",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                dbname,
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                statement,
            ]
        ).stdout.strip()

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run(  # nosec B603  # fixed program and arguments, no user input
                [str(self.bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                check=False,
            )
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL on port {self.port} is not ready: see {self.log}")
            time.sleep(0.2)


def process_alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def write_settings(server: Server, settings: dict[str, str]) -> None:
    """Append settings to postgresql.conf: a later line wins over an earlier one."""
    lines = [f"{name} = {value}" for name, value in settings.items()]
    with (server.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n# tools/pgcluster.py\n" + "\n".join(lines) + "\n")


def init_primary(
    root: Path,
    *,
    port: int | None = None,
    durable: bool = False,
    archive_dir: Path | None = None,
    settings: dict[str, str] | None = None,
) -> Server:
    """A new, stopped primary in `root`, ready to stream to replicas (and to archive its WAL
    into `archive_dir` when given: the base of point-in-time recovery)."""
    server = Server(root=root, port=port or free_port(), bindir=find_bindir())
    give_to_server_user(root)
    run_as_server(
        [
            str(server.bindir / "initdb"),
            "-D",
            str(server.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ]
    )
    values = {**COMMON_SETTINGS, **({} if durable else FAST_SETTINGS)}
    values |= {"port": str(server.port), "unix_socket_directories": f"'{root}'"}
    if archive_dir is not None:
        give_to_server_user(archive_dir)
        # Copy each finished WAL segment, never overwriting one already archived.
        values |= {
            "archive_mode": "on",
            "archive_command": f"'test ! -f {archive_dir}/%f && cp %p {archive_dir}/%f'",
            "archive_timeout": "60",
        }
    write_settings(server, values | (settings or {}))
    return server


def init_replica(primary: Server, root: Path, *, port: int | None = None) -> Server:
    """A new, stopped streaming replica of the running `primary`, in `root`."""
    server = Server(root=root, port=port or free_port(), bindir=primary.bindir)
    give_to_server_user(root)
    run_as_server(
        [
            str(server.bindir / "pg_basebackup"),
            "-D",
            str(server.data),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-X",
            "stream",
            "-R",
            "--checkpoint=fast",
        ]
    )
    # The copy carries the primary's port, socket and archiving: the replica has its own.
    write_settings(
        server,
        {
            "port": str(server.port),
            "unix_socket_directories": f"'{root}'",
            "archive_mode": "off",
        },
    )
    return server


def replica_caught_up(primary: Server, replica: Server, timeout: float = 60) -> None:
    """Wait until `replica` has replayed everything `primary` has written so far.

    The insert position, not pg_current_wal_lsn(): with synchronous_commit off a commit
    returns before its WAL is written out, and the application records a writer's position
    as the insert position (core.replica.positions), so waiting for less would let a reader's
    next request still go to the primary."""
    target = primary.sql("SELECT pg_current_wal_insert_lsn()")
    deadline = time.monotonic() + timeout
    while True:
        behind = replica.sql(f"SELECT pg_last_wal_replay_lsn() < '{target}'::pg_lsn")
        if behind == "f":
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"replica on port {replica.port} did not reach {target}")
        time.sleep(0.1)
