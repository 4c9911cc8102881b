"""The arguments of `trials` and each of its commands."""

from __future__ import annotations

import argparse
import os

from pipeline.core import resources
from pipeline.fetch.ctgov import DEFAULT_BASE_URL
from pipeline.jobs.options import default
from trials.examples import Examples, HelpFormatter
from trials.jobs import cmd_demo, cmd_import, cmd_refresh
from trials.reading import cmd_dashboard, cmd_query, cmd_snapshot, cmd_top
from trials.serving import cmd_emulator, cmd_serve

CORPUS_DIR = resources.path("corpus")


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _with_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--force", action="store_true", help="run even if the dataTimestamp is already loaded"
    )
    p.add_argument(
        "--full", action="store_true", help="full resync instead of only updated studies"
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild every table from raw, not only the studies the run changed",
    )
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even if a topic lost more than 20%% of its studies",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--no-snapshot",
        action="store_true",
        help="do not write the Parquet and flat-file snapshot of the ctgov tables"
        " (DATA_DIR/snapshot/, docs/snapshots.md)",
    )


def _with_database(p: argparse.ArgumentParser) -> None:
    """The data folder and the published database file, as every command that opens it takes."""
    p.add_argument(
        "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
    )
    p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")


def _with_outputs(p: argparse.ArgumentParser) -> None:
    _with_database(p)
    p.add_argument(
        "--topic",
        action="append",
        help="topic slug from topics/ (repeatable; default: every topic file with relevance terms)",
    )


def _command(sub: argparse._SubParsersAction, name: str, summary: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        epilog=Examples(name),  # type: ignore[arg-type]  # rendered by HelpFormatter
        formatter_class=HelpFormatter,
        help=summary,
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `trials`; each command's handler is its `func` default."""
    parser = argparse.ArgumentParser(
        prog="trials",
        description="cramp-trials: the clinical trials of each topic (topics/*.toml), "
        "ClinicalTrials.gov API v2 -> DuckDB -> top trials.",
        formatter_class=HelpFormatter,
        epilog=Examples("trials"),  # type: ignore[arg-type]  # rendered by HelpFormatter
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    p = _command(sub, "refresh", "fetch the topics from the API and publish the database")
    _with_outputs(p)
    p.add_argument(
        "--base-url",
        default=os.environ.get("CTGOV_BASE_URL", DEFAULT_BASE_URL),
        help="API base URL (default: the live API, or $CTGOV_BASE_URL)",
    )
    p.add_argument(
        "--min-interval",
        type=float,
        default=default("min_interval"),
        help=f"seconds between requests (default {default('min_interval'):g})",
    )
    p.add_argument(
        "--max-attempts",
        type=int,
        default=default("max_attempts"),
        help=f"attempts per request before giving up (default {default('max_attempts')})",
    )
    p.add_argument(
        "--backoff",
        type=float,
        default=default("backoff"),
        help=f"base of the exponential backoff in seconds (default {default('backoff'):g})",
    )
    _with_run_options(p)
    p.set_defaults(func=cmd_refresh)

    p = _command(sub, "demo", "run the refresh against the local emulator and bundled corpus")
    _with_outputs(p)
    p.add_argument("--corpus", default=str(CORPUS_DIR), help="corpus folder for the emulator")
    _with_run_options(p)
    p.set_defaults(func=cmd_demo)

    p = _command(sub, "import", "load downloaded JSON (ctg-studies.json, /studies pages, records)")
    p.add_argument("--db", required=True, help="DuckDB file to load into (created if missing)")
    p.add_argument("files", nargs="*", help="JSON files")
    p.add_argument("--list", action="store_true", help="list the import batches of the database")
    p.add_argument(
        "--remove", metavar="BATCH", help="take the study versions an import batch loaded out"
    )
    p.set_defaults(func=cmd_import)

    p = _command(sub, "top", "print the ranked top trials of the published database")
    _with_database(p)
    p.add_argument("--topic", help="topic slug (default: the one topic the database ranks)")
    p.add_argument("--limit", type=positive_int, default=10, help="how many trials (default 10)")
    p.add_argument("--explain", action="store_true", help="reasons and score components")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_top)

    p = _command(sub, "query", "run an analyst query from sql/queries/ on the database")
    p.add_argument("name", nargs="?", help="query name (file name without .sql)")
    p.add_argument("--list", action="store_true", help="list the queries with what they answer")
    _with_database(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_query)

    p = _command(sub, "dashboard", "render the dashboard to one offline HTML file")
    _with_database(p)
    p.add_argument("--out", help="HTML file (default: DATA_DIR/site/dashboard.html)")
    p.add_argument("--spec", help="dashboard definition (default: dashboards/overview.toml)")
    p.add_argument("--topic", help="topic slug (default: the one topic the database ranks)")
    p.set_defaults(func=cmd_dashboard)

    p = _command(sub, "snapshot", "write the ctgov tables as Parquet and AACT's flat files")
    _with_database(p)
    p.add_argument(
        "--out",
        required=True,
        help="snapshot folder, replaced whole (refused if it holds files but no snapshot)",
    )
    p.set_defaults(func=cmd_snapshot)

    p = _command(sub, "emulator", "serve a corpus as a local ClinicalTrials.gov API")
    from pipeline.emulator import server

    server.add_arguments(p)
    p.set_defaults(func=cmd_emulator)

    p = _command(sub, "serve", "serve the nightly Prefect deployment on a weekday cron")
    _with_outputs(p)
    p.add_argument(
        "--base-url", default=os.environ.get("CTGOV_BASE_URL", DEFAULT_BASE_URL), help="API URL"
    )
    p.add_argument(
        "--cron",
        default="30 15 * * 1-5",
        help="cron in UTC (default: weekdays 15:30, after the API's 14:00 UTC refresh)",
    )
    p.set_defaults(func=cmd_serve)
    return parser
