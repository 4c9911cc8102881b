"""The nightly deployment: the refresh flow on a weekday cron after the API's daily refresh."""

from __future__ import annotations

from pathlib import Path

from flows.nightly import deployment_parameters, nightly_refresh

ROOT = Path(__file__).resolve().parents[1]
# ClinicalTrials.gov refreshes Monday to Friday, normally by 14:00 UTC.
DEFAULT_CRON = "30 15 * * 1-5"


def serve(cron: str = DEFAULT_CRON, **parameters) -> None:
    """Serve the `nightly` deployment from this process until interrupted (no worker needed)."""
    params = deployment_parameters(**parameters)
    nightly_refresh.serve(name="nightly", cron=cron, parameters=params)


def deploy(work_pool: str, cron: str = DEFAULT_CRON, **parameters) -> str:
    """Register the `nightly` deployment on a process work pool, run from this checkout."""
    params = deployment_parameters(**parameters)
    flow = nightly_refresh.from_source(
        source=str(ROOT), entrypoint="flows/nightly.py:nightly_refresh"
    )
    return str(flow.deploy(name="nightly", work_pool_name=work_pool, cron=cron, parameters=params))
