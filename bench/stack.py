"""`make bench`, the production stack: load and crashes at the benchmark's million tasks.

    python -m bench.stack [--tasks N] [--seconds S] [--no-crashes]
    python -m bench.stack --prepare-only [--tasks N]; python -m bench.stack --reuse [--tasks N]

A durable PostgreSQL primary holding bench/run.py's data set (loaded with fsync off, then
restarted with fsync, synchronous commit and full-page writes on before anything is
measured), a streaming replica of it, and tools/prod.py's Stack with 2 gunicorn workers
behind nginx. Measured over HTTPS through nginx, open loop (bench/loadgen.py):

1. the floor: a static file nginx serves itself, at the read rate;
2. the read mix (summary, task list, task detail; four officials of different scopes) at
   200 requests/s;
3. the dashboard alone, its rate stepped up until p95 or errors break;
4. 50 writes/s (progress reports and indicator values) with the read mix;
5. `kill -9` of gunicorn workers, its master, the replica and the primary under reads and
   writes, each restarted by the supervisor; then every acknowledged write looked up and the
   rollups compared with a rebuild.

Writes var/bench/stack.json; `python -m bench.report` adds it to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

from tools import prod_config
from tools.pgcluster import (
    FAST_SETTINGS,
    Server,
    find_bindir,
    free_port,
    give_to_server_user,
    init_primary,
    init_replica,
    write_settings,
)
from tools.prod import DATABASE, Stack

from . import crashes, mixes, stackdata
from .loadgen import Acknowledged, Client, OpenLoop
from .loadstats import by_kind, held, lost_writes, summarize
from .run import OUT, setup_django

READ_RATE = 200.0
WRITE_RATE = 50.0
READ_P95_TARGET_MS = 300.0
# In every marker: a write of an earlier run on a --reuse'd database never counts for this one.
RUN = time.strftime("%Y%m%d%H%M%S", time.gmtime())
STATIC_FILE = "vendor/bootstrap/bootstrap.min.css"  # collected, served by nginx itself
STATIC_PATH = f"/static/{STATIC_FILE}"
DURABLE = dict.fromkeys(FAST_SETTINGS, "on")  # fsync, synchronous_commit, full_page_writes


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def measure(client: Client, pick: Any, rate: float, seconds: float) -> dict[str, Any]:
    """One open-loop run: its summary, per kind, with the load average around it."""
    before = load_average()
    loop = OpenLoop(client, pick, rate, seconds)
    outcomes = loop.run()
    result = summarize(outcomes, rate, loop.seconds)
    if len({o.kind for o in outcomes}) > 1:
        result["by_kind"] = by_kind(outcomes, rate, loop.seconds)
    result["load"] = [before, load_average()]
    return result


def rising(
    client: Client, pick: Any, rates: list[float], seconds: float, drain: Any
) -> dict[str, Any]:
    """The rates in turn until a step fails `held`: the highest rate that held and every
    step's figures."""
    steps = []
    best = None
    for rate in rates:
        step = measure(client, pick, rate, seconds)
        steps.append(step)
        print(f"[stack] {rate}/s: {summary_line(step)}", flush=True)
        step["web_restarted_after"] = drain()
        if not held(step, READ_P95_TARGET_MS):
            break
        best = step
    return {"steps": steps, "highest": best, "p95_limit_ms": READ_P95_TARGET_MS}


def drainer(client: Client, call: Any, stack: Any) -> Any:
    """After a run: wait until a request is answered within a second again. An overloaded
    sync gunicorn keeps working off requests whose clients gave up (they wait in its listen
    backlog), so if it is still busy after a few seconds it is restarted gracefully (SIGTERM;
    the supervisor starts it again), and the next run starts clean. Returns whether it was."""

    def quick() -> bool:
        start = time.perf_counter()
        return client.send(call) == 200 and time.perf_counter() - start < 1

    def drain() -> bool:
        time.sleep(3)
        if quick():
            return False
        master = stack.pid("web")
        if master is not None:
            os.kill(master, signal.SIGTERM)
        crashes.wait_until(
            lambda: stack.pid("web") not in (None, master) and len(stack.web_worker_pids()) >= 2,
            120,
        )
        crashes.wait_until(quick, 120, step=1)
        return True

    return drain


def prepare_servers(root: Path, tasks: int) -> tuple[Server, Server, dict[str, Any], Any]:
    """The primary loaded with fsync off, restarted durable, and its replica; both stopped."""
    # The memory deploy/postgresql/primary.conf gives it: the task table alone is 0.6 GB at a
    # million tasks. The replica is a copy, settings included.
    primary = init_primary(
        root / "primary", settings={"max_connections": "100", "shared_buffers": "1GB"}
    )
    primary.start()
    primary.sql(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = primary.url(DATABASE)
    # The stack's own key: the session the dashboard is read with is signed with it.
    (root / "web").mkdir(parents=True, exist_ok=True)
    os.environ["SECRET_KEY"] = prod_config.ensure_secret_key(root / "web" / "secret_key")
    setup_django("postgresql")
    from django.db import connection, connections

    try:
        print(f"[stack] loading {tasks:,} tasks…", flush=True)
        loaded = stackdata.load_tasks(tasks)
        print(f"[stack] loaded: {loaded}", flush=True)
        fixtures = stackdata.prepare()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connections.close_all()
        primary.stop()
        write_settings(primary, DURABLE)  # a later line wins: from here on, durable
        primary.start()
        assert primary.sql("SHOW fsync") == "on", "the primary must run with fsync on"
        replica = init_replica(primary, root / "replica")
        primary.stop()
    except BaseException:
        primary.stop()  # never leave a server behind
        raise
    return primary, replica, loaded, fixtures


def open_stack(root: Path, primary: Server, replica: Server) -> Any:
    """tools/prod.py's Stack on free ports, with 2 gunicorn workers and no demo data."""
    if os.environ.get("NQ57_BENCH_STAND_IN"):
        from .localweb import LocalWeb

        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DATABASE_REPLICA_URL=replica.url(DATABASE),
            NQ57_SSL_REDIRECT="0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        return LocalWeb(root / "web", primary=primary, replica=replica, env=env)
    port = free_port()
    return Stack(
        root / "web",
        port=port,
        http_port=free_port(),
        web_workers=2,
        demo=False,
        primary=primary,
        replica=replica,
    )


def stack_client(stack: Any) -> Client:
    """A client of the stack's URL that checks its self-signed certificate."""
    certificate = getattr(stack, "certificate", None)
    return Client(stack.url, str(certificate) if certificate else None)


def replica_streaming(primary: Server) -> Any:
    def check() -> bool:
        try:
            state = primary.sql(
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
            )
        except RuntimeError:
            return False
        return state == "1"

    return check


# The cheapest signed-in API request, then the writes alone, rate by rate.
FLOOR_API_RATES = [25.0, 50.0, 100.0, 150.0, 200.0, 250.0, 300.0]
WRITE_RATES = [5.0, 10.0, 20.0, 30.0, 40.0, 50.0]


def run_load(stack: Any, fixtures: stackdata.Fixtures, args: argparse.Namespace) -> dict[str, Any]:
    client = stack_client(stack)
    reads_pick = mixes.read_mix(fixtures)
    drain = drainer(client, reads_pick(0), stack)
    results: dict[str, Any] = {}
    static_root = getattr(stack, "static_root", None)
    static_path = STATIC_PATH if static_root and (static_root / STATIC_FILE).exists() else None
    if static_path:
        results["floor_static"] = measure(client, mixes.static(static_path), READ_RATE, 20)
        results["floor_static"]["path"] = static_path
    measure(client, reads_pick, 10, 10)  # warm the workers' caches and connections
    print("[stack] API floor, rising rate…", flush=True)
    results["floor_api"] = rising(
        client, mixes.api_floor(fixtures), FLOOR_API_RATES, args.step_seconds, drain
    )
    print("[stack] read mix…", flush=True)
    results["reads"] = measure(client, reads_pick, READ_RATE, args.seconds)
    print(f"[stack] reads: {summary_line(results['reads'])}", flush=True)
    results["reads"]["web_restarted_after"] = drain()
    if not held(results["reads"], READ_P95_TARGET_MS):
        print("[stack] read mix, rising rate…", flush=True)
        rates = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0, 75.0, 100.0, 150.0]
        results["reads_rising"] = rising(client, reads_pick, rates, args.step_seconds, drain)
    print("[stack] dashboard, rising rate…", flush=True)
    rates = [float(rate) for rate in range(2, 62, 2)]
    results["dashboard"] = rising(
        client, mixes.dashboard(fixtures), rates, args.step_seconds, drain
    )
    # The writers beside the read mix at a rate the stack held (200/s when it did): beside
    # a read mix it cannot keep up with, every write would only wait in the same queue.
    read_rate = (
        READ_RATE if held(results["reads"], READ_P95_TARGET_MS) else crash_read_rate(results)
    )
    print(f"[stack] writes with the read mix at {read_rate}/s…", flush=True)
    results["writes"] = reads_and_writes(client, fixtures, read_rate, WRITE_RATE, args.seconds)
    print(f"[stack] writes: {summary_line(results['writes'])}", flush=True)
    results["writes"]["web_restarted_after"] = drain()
    if results["writes"]["errors"]:
        print("[stack] writes alone, rising rate…", flush=True)
        writes = mixes.Writes(fixtures, f"{RUN}-rising", stackdata.VALUE_KEYS)
        results["writes_rising"] = rising(client, writes, WRITE_RATES, args.step_seconds, drain)
    return results


def reads_and_writes(
    client: Client,
    fixtures: stackdata.Fixtures,
    read_rate: float,
    write_rate: float,
    seconds: float,
) -> dict[str, Any]:
    """The writers at `write_rate` with the read mix at `read_rate`."""
    acked = Acknowledged()
    writes = OpenLoop(
        client,
        mixes.Writes(fixtures, f"{RUN}-steady", stackdata.VALUE_KEYS),
        write_rate,
        seconds,
        acked=acked,
    )
    before = load_average()
    write_thread, write_box = writes.start()
    reads = measure(client, mixes.read_mix(fixtures), read_rate, seconds)
    write_thread.join()
    return {
        **summarize(write_box[0], write_rate, writes.seconds),
        "by_kind": by_kind(write_box[0], write_rate, writes.seconds),
        "retried": sum(1 for o in write_box[0] if o.attempts > 1),
        "reads": reads,
        "load": [before, load_average()],
        "acknowledged": acked.markers,
    }


def crash_rates(results: dict[str, Any]) -> tuple[float, float]:
    """The kills run at the asked rates when the stack held them; else at half the highest
    read rate that held (writes a quarter of that): an outage leaves a backlog, and a stack
    already at its limit never works it off, so what failed would be the overload's doing
    and not the kill's."""
    if held(results["reads"], READ_P95_TARGET_MS) and results["writes"]["errors"] == 0:
        return READ_RATE, WRITE_RATE
    read_rate = crash_read_rate(results)
    return read_rate, max(1.0, read_rate / 4)


def crash_read_rate(results: dict[str, Any]) -> float:
    """Half the highest read rate that held."""
    highest = (results.get("reads_rising") or {}).get("highest")
    return max(2.0, highest["rate"] / 2) if highest else 2.0


def summary_line(result: dict[str, Any]) -> str:
    keys = ("requests", "achieved_rps", "p50_ms", "p95_ms", "p99_ms", "errors")
    return ", ".join(f"{key} {result[key]}" for key in keys)


def run_crash_phase(
    stack: Any,
    primary: Server,
    fixtures: stackdata.Fixtures,
    kills: list[str],
    rates: tuple[float, float],
) -> dict[str, Any]:
    client = stack_client(stack)
    acked = Acknowledged()
    read_rate, write_rate = rates
    reads = OpenLoop(client, mixes.read_mix(fixtures), read_rate, 3600)
    writes = OpenLoop(
        client,
        mixes.Writes(fixtures, f"{RUN}-crash", stackdata.VALUE_KEYS),
        write_rate,
        3600,
        acked=acked,
    )
    probe = mixes.read_mix(fixtures)(0)
    found = crashes.run_crashes(stack, reads, writes, probe, replica_streaming(primary), kills)
    return {
        "kills": found["kills"],
        "seconds": found["seconds"],
        "reads": summarize(found["reads"], read_rate, found["seconds"]),
        "writes": {
            **summarize(found["writes"], write_rate, found["seconds"]),
            "retried": sum(1 for o in found["writes"] if o.attempts > 1),
        },
        "acknowledged": acked.markers,
    }


def check_writes(markers: list[str]) -> dict[str, Any]:
    """Every acknowledged marker looked up on the primary; the rollups against a rebuild."""
    from django.db import connections

    connections.close_all()  # the connection of before the kills is gone
    lost = lost_writes(markers, stackdata.stored_markers(markers))
    start = time.perf_counter()
    differences = stackdata.rollups_equal_rebuild()
    return {
        "acknowledged": len(markers),
        "lost": len(lost),
        "lost_markers": lost[:20],
        "rollup_differences": differences,
        "rebuild_compare_s": round(time.perf_counter() - start, 1),
    }


def prepared(root: Path, args: argparse.Namespace) -> tuple[Server, Server, dict[str, Any], Any]:
    """The loaded, durable primary and its replica (both stopped), with the data's figures
    and the fixtures: made now, or, with --reuse, those a --prepare-only run left in `root`."""
    saved = root / "prepared.json"
    if args.reuse:
        kept = json.loads(saved.read_text())
        if kept["tasks"] != args.tasks:
            sys.exit(f"bench.stack: {root} holds {kept['tasks']} tasks, not {args.tasks}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{kept['primary']}/{DATABASE}"
        os.environ["SECRET_KEY"] = prod_config.ensure_secret_key(root / "web" / "secret_key")
        setup_django("postgresql", reuse=True)
        bindir = find_bindir()
        primary = Server(root / "primary", kept["primary"], bindir)
        replica = Server(root / "replica", kept["replica"], bindir)
        return primary, replica, kept["data"], stackdata.Fixtures(**kept["fixtures"])
    shutil.rmtree(root, ignore_errors=True)
    give_to_server_user(root)
    primary, replica, data, fixtures = prepare_servers(root, args.tasks)
    # Tokens and a session: only the owner reads them, and they go with the directory.
    descriptor = os.open(saved, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(
            {
                "tasks": args.tasks,
                "primary": primary.port,
                "replica": replica.port,
                "data": data,
                "fixtures": dataclasses.asdict(fixtures),
            },
            out,
        )
    return primary, replica, data, fixtures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--step-seconds", type=float, default=20)
    parser.add_argument("--kills", default=" ".join(crashes.DEFAULT_KILLS))
    parser.add_argument("--no-crashes", action="store_true")
    parser.add_argument(
        "--crash-rates", help="READS,WRITES per second: the kills alone (a dry run), no load"
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="load the data set and stop, keeping var/bench/stack for a later --reuse",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the data a --prepare-only run left"
    )
    args = parser.parse_args()
    root = OUT / f"stack-{args.tasks}"
    results: dict[str, Any] = {
        "tasks": args.tasks,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "generator": "bench/loadgen.py (Python threads, open loop; no vegeta in Debian 12)",
    }
    primary, replica, results["data"], fixtures = prepared(root, args)
    if args.prepare_only:
        print(f"[stack] prepared in {root}: run again with --reuse", flush=True)
        return
    results["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results["load_start"] = load_average()
    stack = open_stack(root, primary, replica)
    stack.up()
    try:
        stackdata.skip_written_value_keys(fixtures.elements)
        results["stack"] = type(stack).__name__
        results["url"] = stack.url
        markers = []
        if args.crash_rates:  # a dry run of the kills alone, at the rates given
            read_rate, write_rate = (float(rate) for rate in args.crash_rates.split(","))
            rates = (read_rate, write_rate)
        else:
            results.update(run_load(stack, fixtures, args))
            markers = results["writes"].pop("acknowledged")
            rates = crash_rates(results)
        if not args.no_crashes:
            kills = args.kills.split()
            results["crashes"] = run_crash_phase(stack, primary, fixtures, kills, rates)
            markers += results["crashes"].pop("acknowledged")
        results["checks"] = check_writes(markers)
        results["load_end"] = load_average()
    except BaseException:
        # What was measured before the failure, to look at; the report reads stack.json only.
        (OUT / "stack-partial.json").write_text(json.dumps(results, indent=2, default=str))
        raise
    finally:
        stack.down()
    if not args.crash_rates:  # a dry run of the kills leaves the figures as they are
        (OUT / "stack.json").write_text(json.dumps(results, indent=2))
    print(json.dumps({k: v for k, v in results.items() if k != "dashboard"}, indent=2)[:6000])
    shutil.rmtree(root, ignore_errors=True)
    if results["checks"]["lost"] or any(results["checks"]["rollup_differences"].values()):
        sys.exit("bench.stack: acknowledged writes lost or rollups differ from a rebuild")


if __name__ == "__main__":
    main()
