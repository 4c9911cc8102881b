"""The `trials` commands that run a job on the database: refresh, demo, import."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.text import terminal_text
from pipeline.reading import report
from trials import paths
from trials.errors import CliError
from trials.prefect_env import prefect_environment

if TYPE_CHECKING:
    from pipeline.jobs.options import RefreshOptions


def refresh_options(args: argparse.Namespace, base_url: str, min_interval: float) -> RefreshOptions:
    """The run's RefreshOptions from a refresh's or demo's arguments."""
    from pipeline.jobs import run

    given = {
        "db_path": paths.db_path(args),
        "data_dir": paths.data_dir(args),
        "topics": tuple(args.topic or ()),
        "base_url": base_url,
        "min_interval": min_interval,
        "force": args.force,
        "full": args.full,
        "allow_shrink": args.allow_shrink,
        "show_progress": not args.no_progress,
        "build_snapshot": not args.no_snapshot,
    }
    # What a command has no argument for keeps the options' default (refresh has them, demo not).
    for name in ("max_attempts", "backoff", "rebuild"):
        if getattr(args, name, None) is not None:
            given[name] = getattr(args, name)
    return run.RefreshOptions(**given)


def _run_flow(args: argparse.Namespace, base_url: str, min_interval: float) -> dict:
    from pipeline.jobs import run

    opts = refresh_options(args, base_url, min_interval)
    # A run that would only skip is logged without starting Prefect (seconds, not a minute on a
    # busy machine); the scheduled deployment always runs the flow.
    if run.nothing_to_do(opts):
        return run.refresh_run(opts).as_dict()
    prefect_environment(args.verbose)
    from flows.nightly import nightly_refresh

    return nightly_refresh(opts)


def cmd_refresh(args: argparse.Namespace) -> int:
    from pipeline.fetch.ctgov import Client

    # Reach the API once before Prefect starts, so an outage is one clear line, not a
    # failed flow run's traceback.
    with Client(
        args.base_url, max_attempts=args.max_attempts, backoff=args.backoff, min_interval=0
    ) as client:
        client.version()
    summary = _run_flow(args, args.base_url, args.min_interval)
    print(report.run_text(summary))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pipeline.emulator import Emulator

    with Emulator(Path(args.corpus)) as emu:
        print(f"emulator serving the bundled corpus on {emu.base_url}")
        summary = _run_flow(args, emu.base_url, 0.0)
    print(report.run_text(summary))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pipeline.jobs import imports

    db_path = Path(args.db)
    if args.list or args.remove:
        if args.files:
            raise CliError("give files to import, or --list / --remove, not both")
        if not db_path.exists():
            raise CliError(f"no database at {db_path}")
        if args.remove:
            removed = imports.remove_import(db_path, args.remove)
            print(
                f"removed import batch {args.remove}: {removed['versions_removed']:,} study"
                f" versions; {removed['studies']:,} studies remain; published {db_path}"
            )
            return 0
        batches = imports.list_imports(db_path)
        if not batches:
            print(f"{db_path}: no import batches")
        for b in batches:
            state = f"removed {b['removed_at']:%Y-%m-%d %H:%M}" if b["removed_at"] else "loaded"
            files = ", ".join(Path(f).name for f in b["files"])
            print(
                terminal_text(
                    f"{b['batch_id']}  {b['imported_at']:%Y-%m-%d %H:%M}  {state}:"
                    f" {b['studies']:,} studies, {b['quarantined']:,} quarantined  ({files})"
                )
            )
        return 0
    if not args.files:
        raise CliError("name the JSON files to import (or --list / --remove BATCH)")
    result = imports.import_run(db_path, [Path(f) for f in args.files])
    summary = result.as_dict()
    print(
        f"import batch {result.batch_id}: read {result.records:,} records from {result.files} "
        f"files: {result.distinct:,} distinct studies, {result.quarantined:,} quarantined"
    )
    print(report.run_text(summary))
    return 0
