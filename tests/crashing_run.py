"""Child process of the kill tests: a plain refresh (pipeline.jobs.run, no Prefect) that SIGKILLs
itself at one point, as a power cut or an OOM kill would.

    python tests/crashing_run.py BASE_URL DATA_DIR fetch|rebuild|publish [--full]

The kill lands between the run's steps, through the same step hook Prefect's tasks use
(flows/nightly.py wraps each step the same way), so what is on disk at the kill is what a killed
nightly leaves.
"""

import os
import signal
import sys
from pathlib import Path

from pipeline.jobs import run

BEFORE = {"rebuild": "rebuild-tables"}
AFTER = {"fetch": "fetch-topic-query", "publish": "publish-database"}


def main(base_url: str, data_dir: str, crash_at: str, *flags: str) -> None:
    if crash_at not in BEFORE | AFTER:
        raise SystemExit(f"unknown crash point {crash_at!r}: one of {sorted(BEFORE | AFTER)}")

    def step(name, fn, *args, **kwargs):
        if BEFORE.get(crash_at) == name:
            os.kill(os.getpid(), signal.SIGKILL)
        out = fn(*args, **kwargs)
        if AFTER.get(crash_at) == name:
            os.kill(os.getpid(), signal.SIGKILL)
        return out

    opts = run.RefreshOptions(
        db_path=Path(data_dir) / "trials.duckdb",
        data_dir=Path(data_dir),
        base_url=base_url,
        min_interval=0,
        backoff=0,
        max_attempts=3,
        build_dashboard=False,
        build_snapshot=False,
        full="--full" in flags,
    )
    run.refresh_run(opts, step=step)
    raise SystemExit(f"the run reached its end without passing {crash_at!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
