"""The `trials` command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from pipeline import report
from pipeline.ctgov import DEFAULT_BASE_URL, ApiRequestError, ApiUnavailable
from pipeline.records import RecordFileError
from pipeline.topics import TopicError

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else _data_dir(args) / "trials.duckdb"


def _run_flow(args: argparse.Namespace, base_url: str, min_interval: float) -> dict:
    # Retries logged by pipeline.ctgov belong in the Prefect run log too.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")
    from flows.nightly import nightly_refresh

    return nightly_refresh(
        topics=args.topic or None,
        base_url=base_url,
        db_path=str(_db_path(args)),
        data_dir=str(_data_dir(args)),
        min_interval=min_interval,
        max_attempts=getattr(args, "max_attempts", 6),
        backoff=getattr(args, "backoff", 2.0),
        force=args.force,
        full=args.full,
        allow_shrink=args.allow_shrink,
        show_progress=not args.no_progress,
    )


def cmd_refresh(args: argparse.Namespace) -> int:
    from pipeline.ctgov import Client

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
    from pipeline import run

    db_path = Path(args.db)
    result = run.import_run(db_path, [Path(f) for f in args.files])
    summary = result.as_dict()
    print(
        f"import batch {result.batch_id}: read {result.records:,} records from {result.files} "
        f"files: {result.distinct:,} distinct studies, {result.quarantined:,} quarantined"
    )
    print(report.run_text(summary))
    return 0


def cmd_top(args: argparse.Namespace) -> int:
    from pipeline import top

    doc = top.top_document(_db_path(args), args.topic, args.limit)
    print(top.render_json(doc) if args.format == "json" else top.render_table(doc, args.explain))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline import db, queries

    if args.list:
        print(queries.catalog_text())
        return 0
    if not args.name:
        print("error: name a query; the library:\n" + queries.catalog_text(), file=sys.stderr)
        return 2
    queries.get_query(args.name)
    db_path = _db_path(args)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}; run `make demo` or `trials refresh`")
    con = db.connect(db_path, read_only=True)
    try:
        columns, rows = queries.run(con, args.name)
    finally:
        con.close()
    print(queries.render(columns, rows, args.format))
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from pipeline.dashboard import DEFAULT_SPEC, render_dashboard

    out = Path(args.out) if args.out else _data_dir(args) / "site" / "dashboard.html"
    spec = Path(args.spec) if args.spec else DEFAULT_SPEC
    print(f"wrote {render_dashboard(_db_path(args), out, spec)}")
    return 0


def cmd_emulator(args: argparse.Namespace) -> int:
    from pipeline.emulator import server

    return server.run(args) or 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.deployment import serve

    serve(
        cron=args.cron,
        base_url=args.base_url,
        db_path=str(_db_path(args)),
        data_dir=str(_data_dir(args)),
        topics=args.topic or None,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trials",
        description="Leg-cramp clinical trials: ClinicalTrials.gov API v2 -> DuckDB -> top trials.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_run_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--force", action="store_true", help="run even if the dataTimestamp is already loaded"
        )
        p.add_argument(
            "--full", action="store_true", help="full resync instead of only updated studies"
        )
        p.add_argument(
            "--allow-shrink",
            action="store_true",
            help="publish even if a topic lost more than 20%% of its studies",
        )
        p.add_argument("--no-progress", action="store_true", help="no progress bar")

    def with_outputs(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
        )
        p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
        p.add_argument(
            "--topic",
            action="append",
            help="topic slug from topics/ (repeatable; default leg-cramps)",
        )

    p = sub.add_parser("refresh", help="fetch the topics from the API and publish the database")
    with_outputs(p)
    p.add_argument(
        "--base-url",
        default=os.environ.get("CTGOV_BASE_URL", DEFAULT_BASE_URL),
        help="API base URL (default: the live API, or $CTGOV_BASE_URL)",
    )
    p.add_argument(
        "--min-interval", type=float, default=1.0, help="seconds between requests (default 1)"
    )
    p.add_argument(
        "--max-attempts", type=int, default=6, help="attempts per request before giving up"
    )
    p.add_argument(
        "--backoff", type=float, default=2.0, help="base of the exponential backoff in seconds"
    )
    with_run_options(p)
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("demo", help="run the refresh against the local emulator and bundled corpus")
    with_outputs(p)
    p.add_argument("--corpus", default=str(CORPUS_DIR), help="corpus folder for the emulator")
    with_run_options(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "import", help="load downloaded JSON (ctg-studies.json, /studies pages, records)"
    )
    p.add_argument("--db", required=True, help="DuckDB file to load into (created if missing)")
    p.add_argument("files", nargs="+", help="JSON files")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("top", help="print the ranked top trials of the published database")
    p.add_argument(
        "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
    )
    p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
    p.add_argument("--topic", default="leg-cramps", help="topic slug (default leg-cramps)")
    p.add_argument("--limit", type=int, default=10, help="how many trials (default 10)")
    p.add_argument("--explain", action="store_true", help="reasons and score components")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_top)

    p = sub.add_parser("query", help="run an analyst query from sql/queries/ on the database")
    p.add_argument("name", nargs="?", help="query name (file name without .sql)")
    p.add_argument("--list", action="store_true", help="list the queries with what they answer")
    p.add_argument(
        "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
    )
    p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("dashboard", help="render the dashboard to one offline HTML file")
    p.add_argument(
        "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
    )
    p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
    p.add_argument("--out", help="HTML file (default: DATA_DIR/site/dashboard.html)")
    p.add_argument("--spec", help="dashboard definition (default: dashboards/overview.toml)")
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser("emulator", help="serve a corpus as a local ClinicalTrials.gov API")
    from pipeline.emulator import server

    server.add_arguments(p)
    p.set_defaults(func=cmd_emulator)

    p = sub.add_parser("serve", help="serve the nightly Prefect deployment on a weekday cron")
    with_outputs(p)
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


def main(argv: list[str] | None = None) -> int:
    """Run the `trials` command line; return the exit code."""
    args = build_parser().parse_args(argv)
    # The terminal shows errors only (a failed run ends in one line); -v shows retries and
    # progress. Inside a flow run the same records also reach Prefect's run log.
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.func(args)
    except ApiUnavailable as exc:
        if args.verbose:
            raise
        print(
            f"error: cannot reach the ClinicalTrials.gov API ({exc}); "
            "no network? `make demo` runs the same job against the bundled local emulator",
            file=sys.stderr,
        )
    except ApiRequestError as exc:
        print(f"error: the API rejected a request: {exc}", file=sys.stderr)
    except (TopicError, RecordFileError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except RuntimeError as exc:
        if args.verbose:
            raise
        print(f"error: {exc}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
