"""`make demo` on a busy machine: N CPU-bound processes load the cores while the demo runs.

    python -m benchmarks.busy_demo [--burners 4] [--runs 2] [--keep]

Runs `make demo` with a fresh data folder (TRIALS_DATA_DIR and PREFECT_HOME in a temporary
folder, so the checkout's data/ is not touched) while `--burners` processes spin, then runs it
again (a skip: same dataTimestamp). Prints the wall time, exit code and load average of each
run, and exits 1 if any run failed. Figures, not a timed test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BURN = "while True: pass"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burners", type=int, default=4, help="CPU-bound processes (default 4)")
    parser.add_argument("--runs", type=int, default=2, help="demo runs: 1 full, then skips")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="busy-demo-"))
    env = dict(os.environ, TRIALS_DATA_DIR=str(tmp / "data"), PREFECT_HOME=str(tmp / "prefect"))
    # The Makefile's defaults would otherwise point Prefect's home at the checkout's data/.
    (tmp / "prefect").mkdir()
    burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(args.burners)]
    failed = False
    try:
        # The 1-minute load average lags: wait until it shows the burners (at most 2 minutes).
        deadline = time.monotonic() + 120
        while os.getloadavg()[0] < 0.9 * args.burners and time.monotonic() < deadline:
            time.sleep(2)
        print(
            f"{args.burners} CPU-bound processes on {os.cpu_count()} cores, load average"
            f" {os.getloadavg()[0]:.1f}; data in {tmp}"
        )
        for n in range(1, args.runs + 1):
            start = time.perf_counter()
            done = subprocess.run(
                ["make", "-s", "demo", f"PREFECT_HOME={tmp / 'prefect'}"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - start
            load = os.getloadavg()[0]
            kind = "full" if n == 1 else "skip"
            outcome = "skipped" if "skipped:" in done.stdout else "published"
            print(
                f"run {n} ({kind}): exit {done.returncode}, {outcome}, {wall:.1f} s wall,"
                f" load average {load:.1f}"
            )
            if done.returncode != 0:
                failed = True
                print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
    finally:
        for p in burners:
            p.kill()
        for p in burners:
            p.wait()
    if not args.keep:
        subprocess.run(["rm", "-rf", str(tmp)], check=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
