"""The Prefect settings `trials` sets for the commands that start Prefect."""

from __future__ import annotations

import os

# Prefect settings the CLI sets when the user has not: Prefect's ephemeral API server gets 20 s
# to start by default, too little on a busy machine (issue 10, point 12).
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}
# Without -v, Prefect's console handler (the ephemeral server's, uvicorn's) stays quiet: a failed
# run is the CLI's one `error:` line. The run log (Prefect's API handler) keeps every record and
# the full traceback; the CLI's own terminal handler drops Prefect's records
# (trials.app._TerminalFilter).
PREFECT_QUIET = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL"}


def prefect_environment(verbose: bool) -> None:
    """Set Prefect's settings the CLI relies on, before Prefect is imported; the user's win."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if not verbose:
        for name, value in PREFECT_QUIET.items():
            os.environ.setdefault(name, value)
    # Retries logged by pipeline.fetch.ctgov belong in the Prefect run log too.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")


def prefect_api_url() -> str | None:
    """Return the Prefect API URL from the environment or the active Prefect profile."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None
