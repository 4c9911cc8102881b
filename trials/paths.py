"""Where a `trials` command reads and writes: --data-dir and --db, checked before any work."""

from __future__ import annotations

import argparse
from pathlib import Path

from trials.errors import CliError

# A DuckDB database file carries these bytes at offset 8 (its header's magic).
DUCKDB_MAGIC = b"DUCK"


def data_dir(args: argparse.Namespace) -> Path:
    """Return the output folder of the command."""
    return Path(args.data_dir)


def db_path(args: argparse.Namespace) -> Path:
    """Return the database file of the command: --db, else DATA_DIR/trials.duckdb."""
    return Path(args.db) if args.db else data_dir(args) / "trials.duckdb"


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


def check_paths(args: argparse.Namespace) -> None:
    """Check --topic, --data-dir and --db before any work, so a wrong one is one line."""
    if isinstance(getattr(args, "topic", None), list):
        from pipeline.config.topics import load_topic

        for slug in args.topic:
            load_topic(slug)
    has_data_dir = getattr(args, "data_dir", None) is not None
    if has_data_dir:
        check_data_dir(data_dir(args), create=False)
    if hasattr(args, "db") and (args.db or has_data_dir):
        check_database_file(db_path(args) if has_data_dir else Path(args.db))
    if has_data_dir and args.command in ("refresh", "demo", "serve"):
        check_data_dir(data_dir(args), create=True)
