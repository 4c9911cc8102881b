"""The nightly deployment on a real Prefect server with a process worker, end to end, on loopback.

`python -m flows.server_demo` (or `make prefect-demo`): starts `prefect server` on 127.0.0.1, the
emulator on the bundled corpus, creates a process work pool, deploys the nightly flow from this
checkout, triggers a run, starts a worker that picks it up, and waits for the run to complete.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
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


def prefect(env: dict[str, str], *args: str) -> str:
    """Run a prefect CLI command against the server; return its output."""
    done = subprocess.run(
        [sys.executable, "-m", "prefect", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def run(data_dir: Path, prefect_home: Path) -> dict:
    """Deploy, trigger and execute one nightly run through a server and worker; return its state."""
    from pipeline.emulator import Emulator

    port = free_port()
    env = dict(
        os.environ,
        PREFECT_HOME=str(prefect_home),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    server = start_server(env, port)
    try:
        with Emulator(ROOT / "corpus") as emu:
            print(f"prefect server on {env['PREFECT_API_URL']}, emulator on {emu.base_url}")
            prefect(env, "work-pool", "create", POOL, "--type", "process", "--overwrite")
            script = (
                "from flows.nightly import nightly_refresh\n"
                "from flows.deployment import deploy\n"
                f"deploy({POOL!r}, base_url={emu.base_url!r}, data_dir={str(data_dir)!r},"
                f" db_path={str(data_dir / 'trials.duckdb')!r}, min_interval=0.0)\n"
            )
            subprocess.run(
                [sys.executable, "-c", script], env=env, check=True, cwd=ROOT, capture_output=True
            )
            print(f"deployed {DEPLOYMENT} to work pool {POOL}")
            out = prefect(env, "deployment", "run", DEPLOYMENT)
            flow_run_id = next(line.split()[-1] for line in out.splitlines() if "UUID" in line)
            print(f"triggered flow run {flow_run_id}; starting a worker")
            worker = subprocess.run(
                [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL,
                 "--type", "process", "--run-once"],
                env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            state = prefect(env, "flow-run", "inspect", flow_run_id)
            completed = "COMPLETED" in state
            print(f"flow run {flow_run_id}: {'COMPLETED' if completed else 'NOT COMPLETED'}")
            if not completed:
                print(worker.stdout[-3000:], worker.stderr[-3000:], file=sys.stderr)
            return {"flow_run_id": flow_run_id, "completed": completed, "state": state}
    finally:
        server.terminate()
        server.wait(timeout=30)


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
