"""A stand-in for tools/prod.py's Stack while it is not there: the primary and the replica
started directly, gunicorn with its workers on plain HTTP, no nginx, and a watchdog thread in
place of the supervisor that starts again whatever died."""

from __future__ import annotations

import subprocess  # nosec B404  # starts gunicorn from this virtualenv
import sys
import threading
import time
from pathlib import Path

import requests

from tools.pgcluster import Server, free_port


class LocalWeb:
    def __init__(
        self, root: Path, *, primary: Server, replica: Server, env: dict[str, str], workers: int = 2
    ) -> None:
        self.root = root
        self.primary, self.replica = primary, replica
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.watchdog = threading.Thread(target=self._watch, daemon=True)

    def up(self) -> None:
        self.primary.start()
        self.replica.start()
        self.root.mkdir(parents=True, exist_ok=True)
        self._start_web()
        self.watchdog.start()

    def _watch(self) -> None:
        """Start again what died, as supervisord's autorestart would."""
        while not self.stopping.wait(0.2):
            for server in (self.primary, self.replica):
                if server.pid() is None and not self.stopping.is_set():
                    try:
                        server.start()
                    except RuntimeError:
                        time.sleep(0.5)  # the dead postmaster's children are still leaving
            if self.process is not None and self.process.poll() is not None:
                self._start_web()

    def _start_web(self) -> None:
        log = (self.root / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(  # nosec B603  # fixed program and arguments
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(self.workers)),
                *("-b", f"127.0.0.1:{self.port}", "--timeout", "60"),
            ],
            cwd=Path(__file__).resolve().parent.parent,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not self.stopping.is_set():
            try:
                requests.get(self.url + "/", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer: see {self.root / 'gunicorn.log'}")

    def down(self) -> None:
        self.stopping.set()
        if self.watchdog.is_alive():
            self.watchdog.join()
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)
        self.replica.stop()
        self.primary.stop()

    def pid(self, program: str) -> int | None:
        if program == "web":
            running = self.process is not None and self.process.poll() is None
            return self.process.pid if running and self.process else None
        return {"primary": self.primary, "replica": self.replica}[program].pid()

    def web_worker_pids(self) -> list[int]:
        master = self.pid("web")
        if master is None:
            return []
        try:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        except FileNotFoundError:
            return []
        return [int(child) for child in children]

    static_root = None  # no nginx: no floor
