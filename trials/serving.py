"""The `trials` commands that serve until stopped: the API emulator, the Prefect deployment."""

from __future__ import annotations

import argparse

from trials import paths
from trials.errors import CliError
from trials.prefect_env import prefect_api_url, prefect_environment


def cmd_emulator(args: argparse.Namespace) -> int:
    from pipeline.emulator import server

    return server.run(args) or 0


def cmd_serve(args: argparse.Namespace) -> int:
    prefect_environment(args.verbose)
    # A served deployment must outlive this process's ephemeral API server: refuse one.
    if not prefect_api_url():
        raise CliError(
            "trials serve needs a Prefect server: start one with `prefect server start` "
            "and set PREFECT_API_URL (e.g. export PREFECT_API_URL=http://127.0.0.1:4200/api)"
        )
    from flows.deployment import serve

    serve(
        cron=args.cron,
        base_url=args.base_url,
        db_path=str(paths.db_path(args)),
        data_dir=str(paths.data_dir(args)),
        topics=args.topic or None,
    )
    return 0
