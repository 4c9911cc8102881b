"""The fleet on a real Prefect server with two process workers, on loopback, with its request rate.

`python -m flows.fleet_demo` (or `make fleet-demo`): starts `prefect server` on 127.0.0.1 and the
emulator on the bundled corpus (small pages, so runs send many requests), deploys one nightly
deployment per topic with the shared rate limit (flows/fleet.py), starts two workers, runs every
topic at once and prints the fleet's request rate as the emulator saw it against the limit.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from flows.fleet import FLOW_NAME, deploy_fleet, ensure_work_pool
from flows.server_demo import ROOT, LocalServer, local_server

POOL = "fleet"
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def max_excess(times: Sequence[float], per_second: float, burst: int) -> tuple[float, int, float]:
    """Return the worst window of a request log against a rate limit.

    For every window [times[i], times[j]] the requests in it are compared with what the limit
    lets through there, burst + per_second * (times[j] - times[i]). Returns (excess, count,
    seconds) of the window with the largest count minus allowance (negative: always within).
    """
    times = sorted(times)
    worst = (float("-inf"), 0, 0.0)
    for i in range(len(times)):
        for j in range(i, len(times)):
            span = times[j] - times[i]
            excess = (j - i + 1) - (burst + per_second * span)
            if excess > worst[0]:
                worst = (excess, j - i + 1, span)
    return worst


def _start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    # --limit 1: a worker runs one flow run at a time, so two runs need both workers.
    with open(log_path, "w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL,
             "--type", "process", "--limit", "1"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _wait_for_runs(client, run_ids: dict[str, str], deadline: float) -> dict[str, str]:
    """Poll the server until every flow run is final or the deadline passes; return states."""
    states: dict[str, str] = {}
    while True:
        for slug, run_id in run_ids.items():
            state = client.read_flow_run(run_id).state
            states[slug] = state.type.value if state else "UNKNOWN"
        if all(s in FINAL for s in states.values()) or time.monotonic() > deadline:
            return states
        time.sleep(0.5)


def run_fleet(
    emulator,
    data_dir: Path,
    prefect_home: Path,
    topics: Sequence[str] | None = None,
    per_second: float = 1.0,
    burst: int = 1,
    min_interval: float = 0.0,
    workers: int = 2,
    timeout: float = 600.0,
    server: LocalServer | None = None,
) -> dict:
    """Deploy the fleet on a local server (a fresh one in prefect_home unless given one), run
    every topic at once on `workers` workers against `emulator` (started), and return the runs'
    states and the request log's figures. Worker logs go to prefect_home."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

    prefect_home.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    with contextlib.ExitStack() as stack:
        if server is None:
            server = stack.enter_context(local_server(prefect_home))
        phases = {"server_up": time.monotonic() - began}
        # Workers look for scheduled runs every second (default 10 s).
        env = dict(server.env, PREFECT_WORKER_QUERY_SECONDS="1")
        procs: list[subprocess.Popen] = []
        try:
            with temporary_settings(
                {PREFECT_API_URL: server.api_url, PREFECT_HOME: str(server.home)}
            ):
                # The workers start (seconds of imports) while the fleet is deployed.
                ensure_work_pool(POOL)
                procs = [
                    _start_worker(env, prefect_home / f"worker-{n}.log") for n in range(workers)
                ]
                # Quiet: deploy() prints a table of the deployments.
                with contextlib.redirect_stdout(io.StringIO()):
                    ids = deploy_fleet(
                        POOL,
                        topics,
                        cron=None,
                        data_dir=str(data_dir),
                        per_second=per_second,
                        burst=burst,
                        base_url=emulator.base_url,
                        min_interval=min_interval,
                        max_attempts=3,
                        backoff=0.0,
                        build_dashboard=False,
                    )
                phases["deployed"] = time.monotonic() - began
                emulator.reset_log()
                with get_client(sync_client=True) as client:
                    run_ids = {
                        slug: str(client.create_flow_run_from_deployment(dep_id).id)
                        for slug, dep_id in ids.items()
                    }
                    states = _wait_for_runs(client, run_ids, time.monotonic() + timeout)
                    phases["runs_done"] = time.monotonic() - began
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    phases["stopped"] = time.monotonic() - began
    log = list(emulator.request_log)
    times = [entry["at"] for entry in log]
    span = max(times) - min(times) if len(times) > 1 else 0.0
    excess, count, seconds = max_excess(times, per_second, burst)
    worker_logs = {
        p.name: p.read_text(errors="replace")[-3000:] for p in prefect_home.glob("worker-*.log")
    }
    return {
        "deployments": {slug: f"{FLOW_NAME}/{slug}" for slug in ids},
        "flow_runs": run_ids,
        "states": states,
        "requests": len(log),
        "seconds": span,
        "rate": (len(log) - 1) / span if span else 0.0,
        "worst_window": {"excess": excess, "requests": count, "seconds": seconds},
        # Seconds from the start: server up, fleet deployed, runs final, all stopped; and the
        # first and last request the emulator saw.
        "phases": dict(
            phases,
            first_request=min(times, default=began) - began,
            last_request=max(times, default=began) - began,
        ),
        "log": log,
        "worker_logs": worker_logs,
    }


def main(argv: list[str] | None = None) -> int:
    from pipeline.emulator import Emulator

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="data/fleet-demo", help="outputs of the runs")
    parser.add_argument("--per-second", type=float, default=1.0, help="fleet-wide requests/s")
    parser.add_argument("--burst", type=int, default=1)
    parser.add_argument("--page-size", type=int, default=25, help="the emulator's page size cap")
    parser.add_argument("--topic", action="append", help="a topic slug (default: every topic)")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="prefect-home-") as home, Emulator() as emu:
        emu.max_page_size = args.page_size
        print(f"emulator on {emu.base_url}; starting a Prefect server and two workers")
        out = run_fleet(emu, data_dir, Path(home), args.topic, args.per_second, args.burst)
    for slug, state in out["states"].items():
        print(f"{out['deployments'][slug]}: {state}")
    worst = out["worst_window"]
    print(
        f"{out['requests']} requests in {out['seconds']:.1f} s ({out['rate']:.2f}/s) against a "
        f"limit of {args.per_second}/s, burst {args.burst}; busiest window: {worst['requests']} "
        f"requests in {worst['seconds']:.1f} s"
    )
    ok = all(s == "COMPLETED" for s in out["states"].values())
    if not ok:
        for name, text in out["worker_logs"].items():
            print(f"--- {name}\n{text}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
