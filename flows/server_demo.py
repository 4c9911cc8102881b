"""The nightly deployment on a real Prefect server with a process worker, end to end, on loopback.

`python -m flows.server_demo` (or `make prefect-demo`): starts `prefect server` on 127.0.0.1, the
emulator on the bundled corpus, creates a process work pool, deploys the nightly flow from this
checkout, triggers a run, starts a worker that picks it up, and reports the run's final state.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POOL = "local-processes"
DEPLOYMENT = "nightly-refresh/nightly"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    """Start `prefect server` on 127.0.0.1 and return once it says it is listening."""
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port), "--no-ui", "--analytics-off"],
        # The start-up line below is read from the log: the log level is set here, whatever the
        # caller's environment quiets (the CLI quiets Prefect's console handler).
        env=dict(env, PREFECT_SERVER_LOGGING_LEVEL="INFO",
                 PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="INFO"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines = []
    for line in server.stdout:
        lines.append(line)
        # Uvicorn logs this (at INFO) once the API accepts connections.
        if "Uvicorn running on" in line:
            # Keep draining the server's output so it never blocks on a full pipe.
            threading.Thread(target=server.stdout.read, daemon=True).start()
            return server
    raise RuntimeError("prefect server exited before it started:\n" + "".join(lines[-20:]))


@dataclass(frozen=True)
class LocalServer:
    """A running `prefect server` on loopback: its API URL, its home and the environment
    (PREFECT_API_URL, PREFECT_HOME, quiet) for processes that use it."""

    api_url: str
    home: Path
    env: dict[str, str]


@contextlib.contextmanager
def local_server(prefect_home: Path) -> Iterator[LocalServer]:
    """Run `prefect server` on a free port of 127.0.0.1 (its database in prefect_home) until the
    block ends."""
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    prefect_home.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        PREFECT_HOME=str(prefect_home),
        PREFECT_API_URL=api_url,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    server = start_server(env, port)
    try:
        yield LocalServer(api_url, prefect_home, env)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(data_dir: Path, prefect_home: Path, server: LocalServer | None = None) -> dict:
    """Deploy, trigger and execute one nightly run through a server and worker; return its state.

    Starts its own server in prefect_home unless given one. The work pool, the deployment and
    the flow run are made through Prefect's client in this process; the server and the worker
    (which runs the flow in a child of its own) are processes.
    """
    if server is None:
        with local_server(prefect_home) as own:
            return run(data_dir, prefect_home, own)

    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

    from flows.deployment import deploy
    from flows.fleet import ensure_work_pool
    from pipeline.emulator import Emulator

    with (
        Emulator(ROOT / "corpus") as emu,
        temporary_settings({PREFECT_API_URL: server.api_url, PREFECT_HOME: str(server.home)}),
    ):
        print(f"prefect server on {server.api_url}, emulator on {emu.base_url}")
        ensure_work_pool(POOL)
        # Quiet: deploy() prints a table of the deployment.
        with contextlib.redirect_stdout(io.StringIO()):
            deployment_id = deploy(
                POOL,
                base_url=emu.base_url,
                data_dir=str(data_dir),
                db_path=str(data_dir / "trials.duckdb"),
                min_interval=0.0,
            )
        print(f"deployed {DEPLOYMENT} to work pool {POOL}")
        with get_client(sync_client=True) as client:
            flow_run_id = client.create_flow_run_from_deployment(deployment_id).id
            print(f"triggered flow run {flow_run_id}; starting a worker")
            worker = subprocess.run(
                [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL,
                 "--type", "process", "--run-once"],
                env=server.env, cwd=ROOT, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            state = client.read_flow_run(flow_run_id).state
        completed = bool(state and state.is_completed())
        print(f"flow run {flow_run_id}: {'COMPLETED' if completed else 'NOT COMPLETED'}")
        if not completed:
            print(worker.stdout[-3000:], worker.stderr[-3000:], file=sys.stderr)
        return {"flow_run_id": str(flow_run_id), "completed": completed, "state": repr(state)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="data/prefect-demo", help="outputs of the run")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="prefect-home-") as home:
        result = run(data_dir, Path(home))
    if result["completed"]:
        print(f"published {data_dir / 'trials.duckdb'}")
    return 0 if result["completed"] else 1


if __name__ == "__main__":
    sys.exit(main())
