"""The `trials` command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from pipeline import report, resources
from pipeline.ctgov import DEFAULT_BASE_URL, ApiRequestError, ApiUnavailable
from pipeline.records import RecordFileError
from pipeline.text import terminal_text
from pipeline.topics import TopicError

CORPUS_DIR = resources.path("corpus")
# A DuckDB database file carries these bytes at offset 8 (its header's magic).
DUCKDB_MAGIC = b"DUCK"
# Prefect settings the CLI sets when the user has not: Prefect's ephemeral API server gets 20 s
# to start by default, too little on a busy machine (issue 10, point 12).
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}
# Without -v, Prefect's console handler (the ephemeral server's, uvicorn's) stays quiet: a failed
# run is the CLI's one `error:` line. The run log (Prefect's API handler) keeps every record and
# the full traceback; the CLI's own terminal handler drops Prefect's records (_TerminalFilter).
PREFECT_QUIET = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL"}


class CliError(Exception):
    """A usage problem found before any work starts: one line, no traceback even with -v."""


def _prefect_environment(verbose: bool) -> None:
    """Set Prefect's settings the CLI relies on, before Prefect is imported; the user's win."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if not verbose:
        for name, value in PREFECT_QUIET.items():
            os.environ.setdefault(name, value)
    # Retries logged by pipeline.ctgov belong in the Prefect run log too.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "pipeline")


def check_database_file(path: Path) -> None:
    """Refuse a --db that is a directory or an existing file that is not a DuckDB database."""
    if path.is_dir():
        raise CliError(f"--db {path} is a directory, not a DuckDB database file")
    if not path.exists():
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(12)
    except OSError as exc:
        raise CliError(f"--db {path}: {exc.strerror}") from None
    if header[8:12] != DUCKDB_MAGIC:
        raise CliError(f"--db {path} is not a DuckDB database (no DuckDB header)")


def check_data_dir(path: Path, create: bool) -> None:
    """Refuse a --data-dir that is not a directory; create it when the command writes there."""
    if path.exists() and not path.is_dir():
        raise CliError(f"--data-dir {path} is not a directory")
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"--data-dir {path} cannot be created: {exc.strerror}") from None


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else _data_dir(args) / "trials.duckdb"


def _run_flow(args: argparse.Namespace, base_url: str, min_interval: float) -> dict:
    from pipeline import run

    opts = run.RefreshOptions(
        db_path=_db_path(args),
        data_dir=_data_dir(args),
        topics=tuple(args.topic or ()),
        base_url=base_url,
        min_interval=min_interval,
        max_attempts=getattr(args, "max_attempts", 6),
        backoff=getattr(args, "backoff", 2.0),
        force=args.force,
        full=args.full,
        rebuild=getattr(args, "rebuild", False),
        allow_shrink=args.allow_shrink,
        show_progress=not args.no_progress,
    )
    # A run that would only skip is logged without starting Prefect (seconds, not a minute on a
    # busy machine); the scheduled deployment always runs the flow.
    if run.nothing_to_do(opts):
        return run.refresh_run(opts).as_dict()
    _prefect_environment(args.verbose)
    from flows.nightly import nightly_refresh

    return nightly_refresh(**opts.flow_parameters())


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
    from pipeline import imports

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


def cmd_top(args: argparse.Namespace) -> int:
    from pipeline import top

    doc = top.top_document(_db_path(args), args.topic, args.limit)
    print(top.render_json(doc) if args.format == "json" else top.render_table(doc, args.explain))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline import db, queries

    if args.list or not args.name:
        print(queries.catalog_text())
        return 0
    queries.get_query(args.name)
    db_path = _db_path(args)
    if not db_path.exists():
        raise CliError(f"no database at {db_path}; run `make demo` or `trials refresh`")
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
    print(f"wrote {render_dashboard(_db_path(args), out, spec, topic=args.topic)}")
    return 0


def cmd_emulator(args: argparse.Namespace) -> int:
    from pipeline.emulator import server

    return server.run(args) or 0


def prefect_api_url() -> str | None:
    """Return the Prefect API URL from the environment or the active Prefect profile."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def cmd_serve(args: argparse.Namespace) -> int:
    _prefect_environment(args.verbose)
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
        db_path=str(_db_path(args)),
        data_dir=str(_data_dir(args)),
        topics=args.topic or None,
    )
    return 0


# --help epilogs: a few examples per subcommand; {topic} is a topic of the topics folder.
EXAMPLES = {
    "trials": [
        "trials demo                               # everything, against the local emulator",
        "trials top --explain                      # the ranked list and why",
        "trials query --list                       # the analysts' query library",
        "trials refresh                            # the live API (the nightly job)",
        "trials COMMAND --help                     # each command's options and examples",
    ],
    "refresh": [
        "trials refresh                            # every ranked topic from the live API",
        "trials refresh --full --force             # full resync even if the data is loaded",
        "trials refresh --rebuild --force          # every table rebuilt from raw",
        "trials refresh --data-dir /srv/trials --topic {topic}",
    ],
    "demo": [
        "trials demo                               # the nightly flow against the local emulator",
        "trials demo --data-dir /tmp/demo --no-progress",
        "trials -v demo                            # with retries, Prefect logs and tracebacks",
    ],
    "import": [
        "trials import --db data/trials.duckdb ctg-studies.json",
        "trials import --db /tmp/x.duckdb page-1.json page-2.json NCT00184067.json",
        "trials import --db data/trials.duckdb --list        # batches, what each still holds",
        "trials import --db data/trials.duckdb --remove import-20261126T101500123456Z-1a2b",
    ],
    "top": [
        "trials top --explain                      # reasons and score components",
        "trials top --format json --limit 3",
        "trials top --db /tmp/demo/trials.duckdb --topic {topic}",
    ],
    "query": [
        "trials query                              # the library: names and what each answers",
        "trials query open_trials_by_country",
        "trials query results_posted --format csv > results.csv",
    ],
    "dashboard": [
        "trials dashboard                          # data/site/dashboard.html",
        "trials dashboard --db /tmp/demo/trials.duckdb --out /tmp/dashboard.html",
    ],
    "emulator": [
        "trials emulator --port 8000               # the bundled corpus on 127.0.0.1:8000",
        "trials emulator --port 0 --corpus corpus/",
    ],
    "serve": [
        "prefect server start &                    # a server that outlives this process",
        "export PREFECT_API_URL=http://127.0.0.1:4200/api",
        "trials serve --cron '30 15 * * 1-5'",
    ],
}


def _example_topic() -> str:
    """A ranked topic of the topics folder to show in examples; SLUG if none loads."""
    from pipeline.topics import ranked_topics

    try:
        return ranked_topics()[0].slug
    except TopicError:
        return "SLUG"


def _examples(command: str, topic: str) -> str:
    lines = (line.format(topic=topic) for line in EXAMPLES[command])
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trials",
        description="cramp-trials: the clinical trials of each topic (topics/*.toml), "
        "ClinicalTrials.gov API v2 -> DuckDB -> top trials.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_examples("trials", ""),
    )
    topic = _example_topic()
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

    def with_outputs(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
        )
        p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
        p.add_argument(
            "--topic",
            action="append",
            help="topic slug from topics/ (repeatable; default: every topic file with relevance"
            " terms)",
        )

    p = sub.add_parser(
        "refresh",
        epilog=_examples("refresh", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="fetch the topics from the API and publish the database",
    )
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

    p = sub.add_parser(
        "demo",
        epilog=_examples("demo", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="run the refresh against the local emulator and bundled corpus",
    )
    with_outputs(p)
    p.add_argument("--corpus", default=str(CORPUS_DIR), help="corpus folder for the emulator")
    with_run_options(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "import",
        epilog=_examples("import", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="load downloaded JSON (ctg-studies.json, /studies pages, records)",
    )
    p.add_argument("--db", required=True, help="DuckDB file to load into (created if missing)")
    p.add_argument("files", nargs="*", help="JSON files")
    p.add_argument("--list", action="store_true", help="list the import batches of the database")
    p.add_argument(
        "--remove", metavar="BATCH", help="take the study versions an import batch loaded out"
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "top",
        epilog=_examples("top", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="print the ranked top trials of the published database",
    )
    p.add_argument(
        "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
    )
    p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
    p.add_argument("--topic", help="topic slug (default: the one topic the database ranks)")
    p.add_argument("--limit", type=positive_int, default=10, help="how many trials (default 10)")
    p.add_argument("--explain", action="store_true", help="reasons and score components")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_top)

    p = sub.add_parser(
        "query",
        epilog=_examples("query", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="run an analyst query from sql/queries/ on the database",
    )
    p.add_argument("name", nargs="?", help="query name (file name without .sql)")
    p.add_argument("--list", action="store_true", help="list the queries with what they answer")
    p.add_argument(
        "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
    )
    p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "dashboard",
        epilog=_examples("dashboard", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="render the dashboard to one offline HTML file",
    )
    p.add_argument(
        "--data-dir", default=os.environ.get("TRIALS_DATA_DIR", "data"), help="output folder"
    )
    p.add_argument("--db", help="published DuckDB file (default: DATA_DIR/trials.duckdb)")
    p.add_argument("--out", help="HTML file (default: DATA_DIR/site/dashboard.html)")
    p.add_argument("--spec", help="dashboard definition (default: dashboards/overview.toml)")
    p.add_argument("--topic", help="topic slug (default: the one topic the database ranks)")
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser(
        "emulator",
        epilog=_examples("emulator", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="serve a corpus as a local ClinicalTrials.gov API",
    )
    from pipeline.emulator import server

    server.add_arguments(p)
    p.set_defaults(func=cmd_emulator)

    p = sub.add_parser(
        "serve",
        epilog=_examples("serve", topic),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="serve the nightly Prefect deployment on a weekday cron",
    )
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


class _TerminalFilter(logging.Filter):
    """Without -v the terminal shows the project's own errors only, as one line each: Prefect's
    records (a failed run's 20-150 lines) stay in the Prefect run log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.split(".")[0] in ("pipeline", "flows", "__main__")


class _OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return one_line(f"{record.levelname} {record.name}: {record.getMessage()}")


def one_line(text: object) -> str:
    """Return text on one line (newlines and runs of spaces become one space)."""
    return " ".join(str(text).split())


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if verbose:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    else:
        handler.setLevel(logging.ERROR)
        handler.addFilter(_TerminalFilter())
        handler.setFormatter(_OneLineFormatter())
    # Prefect keeps a root handler that has a formatter (it configures the root logger only
    # when there is none), so this handler decides what reaches the terminal.
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR, handlers=[handler])


def _check_paths(args: argparse.Namespace) -> None:
    """Check --topic, --data-dir and --db before any work, so a wrong one is one line."""
    if isinstance(getattr(args, "topic", None), list):
        from pipeline.topics import load_topic

        for slug in args.topic:
            load_topic(slug)
    has_data_dir = getattr(args, "data_dir", None) is not None
    if has_data_dir:
        check_data_dir(_data_dir(args), create=False)
    if hasattr(args, "db") and (args.db or has_data_dir):
        check_database_file(_db_path(args) if has_data_dir else Path(args.db))
    if has_data_dir and args.command in ("refresh", "demo", "serve"):
        check_data_dir(_data_dir(args), create=True)


def _describe(exc: BaseException) -> str:
    """The `error:` text of an exception: its message, naming the file of an OSError."""
    if isinstance(exc, ApiUnavailable):
        return (
            f"cannot reach the ClinicalTrials.gov API ({exc}); "
            "no network? `make demo` runs the same job against the bundled local emulator"
        )
    if isinstance(exc, ApiRequestError):
        return f"the API rejected a request: {exc}"
    if isinstance(exc, OSError) and exc.strerror:
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        return f"{' -> '.join(names) or 'standard output'}: {exc.strerror}"
    if isinstance(exc, CliError | TopicError | RecordFileError | ValueError | RuntimeError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the `trials` command line; return the exit code.

    Every failure is one `error: ...` line on stderr naming the file or URL involved, exit 2;
    -v shows the full traceback (and, for flows, Prefect's own logs)."""
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        _check_paths(args)
        code = args.func(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `trials query ... | head`: the reader has gone; nothing more to say (Python's advice).
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except CliError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
    except Exception as exc:
        if isinstance(exc, OSError) and exc.filename is None:
            _silence_stdout()  # stdout itself failed (disk full): its buffer cannot be written
        if args.verbose:
            raise
        print(f"error: {one_line(_describe(exc))}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
