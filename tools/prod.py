"""The production stack on one machine, on loopback: `make prod`, `make prod-down`,
`make prod-status`, and the Python API the load benchmark drives.

    stack = Stack(Path("var/prod"))
    stack.up()            # PostgreSQL primary + replica, gunicorn, worker, scheduler, nginx
    problems = stack.smoke()
    stack.down()          # every process stopped, checked by pid

supervisord (not systemd, which may not run here) supervises the programs `primary`,
`replica`, `web` (gunicorn's master), `worker`, `scheduler` and `nginx`, restarting any that
dies. The application runs with config.settings.production behind nginx over HTTPS with a
self-signed certificate; the files nginx and gunicorn read are those of deploy/.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import ssl
import subprocess  # nosec B404  # runs the stack's own programs
import sys
import time
import urllib.request
import xmlrpc.client  # nosec B411  # only our own supervisord, over its 0700 unix socket
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supervisor.xmlrpc import SupervisorTransport

from tools import prod_config
from tools.pgcluster import (
    Server,
    find_bindir,
    free_port,
    init_primary,
    init_replica,
    process_alive,
)

PROGRAMS = ("primary", "replica", "web", "worker", "scheduler", "nginx")
APP_PROGRAMS = ("web", "worker", "scheduler", "nginx")
DATABASE = "nq57"
VENV_BIN = prod_config.CHECKOUT / ".venv" / "bin"


class Stack:
    """The whole production stack under `root` (var/prod for `make prod`)."""

    def __init__(
        self,
        root: Path,
        *,
        port: int = 8443,
        web_workers: int = 2,
        demo: bool = True,
        primary: Server | None = None,
        replica: Server | None = None,
        http_port: int | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.port = port
        self.http_port = http_port or port + 1
        self.web_workers = web_workers
        self.demo = demo
        saved = self._saved_ports()
        self.app_port = saved.get("app") or free_port()
        bindir = primary.bindir if primary else None
        self.primary = primary or Server(
            self.root / "primary", saved.get("primary") or free_port(), bindir or find_bindir()
        )
        self.replica = replica or Server(
            self.root / "replica", saved.get("replica") or free_port(), self.primary.bindir
        )

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/"

    @property
    def certificate(self) -> Path:
        """The self-signed certificate nginx serves: a client verifies against it."""
        return self.root / "tls" / "cert.pem"

    @property
    def static_root(self) -> Path:
        return self.root / "static"

    def up(self) -> None:
        """Start everything (creating what is missing) and return once it answers."""
        if self.running():
            print(f"prod: already running at {self.url}")
            return
        try:
            self._prepare()
            self._start_databases()
            self._prepare_application()
            for program in APP_PROGRAMS:
                self._start(program)
            self._wait_answering()
        except BaseException:
            self.down()
            raise

    def down(self, timeout: float = 120) -> None:
        """Stop every program and supervisord; raise if any of their processes remains."""
        pids = self._stack_pids()
        if self.running():
            with contextlib.suppress(OSError, xmlrpc.client.Fault):  # already shutting down
                self._rpc().supervisor.shutdown()
        # A database left behind by an interrupted earlier run is stopped too.
        deadline = time.monotonic() + timeout
        while any(process_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        for server in (self.replica, self.primary):
            if server.pid() is not None:
                server.stop()
        left = sorted(pid for pid in pids if process_alive(pid))
        if left:
            raise RuntimeError(f"prod: processes still running after down(): {left}")

    def running(self) -> bool:
        """Whether this stack's supervisord runs and answers."""
        pid = self._supervisord_pid()
        if pid is None:
            return False
        try:
            return bool(self._rpc().supervisor.getState()["statename"] == "RUNNING")
        except OSError:
            return False

    def pid(self, program: str) -> int | None:
        """The process id of a supervised program while it runs, else None."""
        if not self.running():
            return None
        try:
            pid = int(self._rpc().supervisor.getProcessInfo(program)["pid"])
        except xmlrpc.client.Fault:
            return None
        return pid or None

    def web_worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of the `web` program."""
        master = self.pid("web")
        return sorted(children_of(master)) if master else []

    def status(self) -> dict[str, str]:
        """Each program's state and pid, as `make prod-status` prints them."""
        if not self.running():
            return dict.fromkeys(PROGRAMS, "not running")
        return {
            info["name"]: f"{info['statename']} pid {info['pid']}"
            for info in self._rpc().supervisor.getAllProcessInfo()
        }

    def smoke(self) -> list[str]:
        """Problems the smoke check finds through nginx (empty when everything works)."""
        from tools.prod_smoke import smoke_check

        return smoke_check(self)

    def smoke_account(self) -> dict[str, str]:
        """The official and the API token the smoke check signs in with."""
        return dict(json.loads((self.root / "smoke.json").read_text("utf-8")))

    def app_environment(self) -> dict[str, str]:
        """The application's environment: production settings, on this stack's databases."""
        origins = f"https://127.0.0.1:{self.port},https://localhost:{self.port}"
        return {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": prod_config.ensure_secret_key(self.root / "secret_key"),
            "DATABASE_URL": self.primary.url(DATABASE),
            "DATABASE_REPLICA_URL": self.replica.url(DATABASE),
            "NQ57_VAR_DIR": str(self.root),
            "NQ57_MEDIA_ROOT": str(self.root / "media"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": origins,
            "NQ57_TRUSTED_PROXIES": "127.0.0.1",
            "NQ57_BIND": f"127.0.0.1:{self.app_port}",
            "NQ57_WEB_WORKERS": str(self.web_workers),
            "PYTHONUNBUFFERED": "1",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
        }

    def manage(self, *args: str, development: bool = False) -> str:
        """Run a manage.py command against the stack; its output (raises if it fails)."""
        env = self.app_environment()
        if development:  # load_demo refuses production settings: its passwords are public
            env |= {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "1"}
        done = subprocess.run(  # nosec B603  # the checkout's own manage.py
            [str(VENV_BIN / "python"), "manage.py", *args],
            cwd=prod_config.CHECKOUT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    # Start-up, step by step.

    def _prepare(self) -> None:
        """Directories, key, certificate, configuration files; supervisord started."""
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)  # nosec B103  # postgres and nginx's workers read below it
        for name in ("logs", "static", "media"):
            (self.root / name).mkdir(exist_ok=True)
        prod_config.ensure_secret_key(self.root / "secret_key")
        certificate, key = prod_config.ensure_certificate(self.root / "tls")
        (self.root / "stack.json").write_text(
            json.dumps(
                {"app": self.app_port, "primary": self.primary.port, "replica": self.replica.port}
            )
        )
        prod_config.write_nginx_files(
            self.root,
            prod_config.SiteValues(
                port=self.port,
                http_port=self.http_port,
                app_port=self.app_port,
                certificate=certificate,
                certificate_key=key,
                static_root=self.static_root,
            ),
        )
        self._write_supervisord_conf()
        supervisord_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        subprocess.run(  # nosec B603  # the checkout's own supervisord
            [str(VENV_BIN / "supervisord"), "-c", str(self.root / "supervisord.conf")],
            env=supervisord_env,
            check=True,
        )
        wait_until(self.running, 30, "supervisord did not start")

    def _write_supervisord_conf(self) -> None:
        as_root = os.geteuid() == 0
        prod_config.write_supervisord_conf(
            self.root,
            {
                "root": str(self.root),
                "checkout": str(prod_config.CHECKOUT),
                "venv_bin": str(VENV_BIN),
                "nginx": prod_config.nginx_binary(),
                "primary_command": " ".join(self.primary.foreground_command()),
                "replica_command": " ".join(self.replica.foreground_command()),
                # PostgreSQL refuses to run as root: supervisord hands it to `postgres`.
                "postgres_user": "user=postgres" if as_root else "",
                "supervisord_user": "user=root" if as_root else "",
                "app_environment": prod_config.supervisor_environment(self.app_environment()),
            },
        )

    def _start_databases(self) -> None:
        if not self.primary.data.exists():
            self.primary = init_primary(
                self.primary.root,
                port=self.primary.port,
                durable=True,
                archive_dir=self.root / "wal",
            )
        self._start("primary")
        self.primary.wait_ready()
        exists = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"  # nosec B608  # a constant
        if self.primary.sql(exists) != "1":
            self.primary.sql(f"CREATE DATABASE {DATABASE}")
        if not self.replica.data.exists():
            self.replica = init_replica(self.primary, self.replica.root, port=self.replica.port)
        self._start("replica")
        self.replica.wait_ready()

    def _prepare_application(self) -> None:
        """What an upgrade runs too: migrate, organisations, static files; demo data once."""
        self.manage("migrate", "--noinput")
        self.manage("load_orgs")
        if self.demo:
            self.manage("load_demo", development=True)
        self.manage("collectstatic", "--noinput")
        if not (self.root / "smoke.json").exists():
            account = self.manage(
                "shell", "-c", "from tools.prod_smoke import create_smoke_account as c; c()"
            )
            path = self.root / "smoke.json"
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w") as smoke_file:
                smoke_file.write(account.strip().splitlines()[-1])

    def _start(self, program: str) -> None:
        try:
            self._rpc().supervisor.startProcess(program, True)
        except xmlrpc.client.Fault as fault:
            if "ALREADY_STARTED" not in fault.faultString:
                log = self.root / "logs" / f"{program}.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                message = f"prod: {program} did not start: {fault.faultString}\n{tail}"
                raise RuntimeError(message) from fault

    def _wait_answering(self, timeout: float = 60) -> None:
        """Until a public page answers 200 through nginx over HTTPS."""
        context = ssl.create_default_context(cafile=str(self.certificate))

        def answers() -> bool:
            try:
                with urllib.request.urlopen(  # nosec B310  # our own https URL
                    self.url + "ranking/", context=context, timeout=10
                ) as response:
                    return bool(response.status == 200)
            except OSError:
                return False

        wait_until(answers, timeout, f"{self.url}ranking/ does not answer (see {self.root}/logs)")

    # Processes.

    def _rpc(self) -> Any:
        socket_url = f"unix://{self.root / 'supervisor.sock'}"
        transport = SupervisorTransport(None, None, serverurl=socket_url)
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def _supervisord_pid(self) -> int | None:
        try:
            pid = int((self.root / "supervisord.pid").read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if process_alive(pid) else None

    def _stack_pids(self) -> set[int]:
        """supervisord, its programs and all their descendants (workers, backends)."""
        top = {self._supervisord_pid(), self.primary.pid(), self.replica.pid()}
        pids: set[int] = set()
        for pid in top:
            if pid is not None:
                pids |= {pid, *descendants_of(pid)}
        return pids

    def _saved_ports(self) -> dict[str, int]:
        try:
            return dict(json.loads((self.root / "stack.json").read_text()))
        except (FileNotFoundError, ValueError):
            return {}


def children_of(pid: int) -> set[int]:
    """The live processes whose parent is `pid`."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError, ProcessLookupError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            children.add(int(stat.parent.name))
    return children


def descendants_of(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children_of(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


def wait_until(condition: Any, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"prod: {message}")
        time.sleep(0.2)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="The production stack on loopback.")
    parser.add_argument("action", choices=["up", "down", "status", "smoke"])
    parser.add_argument("--root", type=Path, default=prod_config.CHECKOUT / "var" / "prod")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--no-demo", action="store_true", help="organisations only, no demo")
    options = parser.parse_args(argv)
    stack = Stack(options.root, port=options.port, demo=not options.no_demo)
    if options.action == "down":
        stack.down()
        print("prod: stopped")
        return 0
    if options.action == "status":
        for program, state in stack.status().items():
            print(f"{program:<10} {state}")
        return 0
    if options.action == "up":
        stack.up()
    problems = stack.smoke()
    for problem in problems:
        print(f"prod: smoke check: {problem}", file=sys.stderr)
    if not problems:
        print(f"prod: running at {stack.url} (certificate: {stack.certificate})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
