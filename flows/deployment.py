"""The nightly deployment: serve the refresh flow on a weekday cron after the API's refresh."""

from __future__ import annotations

from flows.nightly import nightly_refresh

# ClinicalTrials.gov refreshes Monday to Friday, normally by 14:00 UTC.
DEFAULT_CRON = "30 15 * * 1-5"


def serve(
    cron: str = DEFAULT_CRON,
    base_url: str | None = None,
    db_path: str = "data/trials.duckdb",
    data_dir: str = "data",
    topics: list[str] | None = None,
) -> None:
    """Serve the nightly-refresh deployment until interrupted."""
    parameters: dict = {"db_path": db_path, "data_dir": data_dir, "topics": topics}
    if base_url:
        parameters["base_url"] = base_url
    nightly_refresh.serve(name="nightly", cron=cron, parameters=parameters)
