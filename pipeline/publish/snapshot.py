"""A snapshot of a published file's AACT tables (schema `ctgov`) as plain files, for analysts past
one machine: one Parquet file per table, AACT's pipe-delimited flat files (`<table>.txt`) in one
zip, and `manifest.json` (run, data timestamp, schema version, rows per table, every file's size
and sha256). The layout and the text conventions: docs/snapshots.md.

A snapshot is written into a temporary folder beside its target and swapped in whole
(pipeline.core.files.replace_dir): a failure leaves the last snapshot as it was. It reads the
file through one read-only connection, so every table comes from the same published run even if
a refresh publishes meanwhile.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import re
import shutil
import time
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.core.files import fsync_dir, replace_dir, write_atomic
from pipeline.warehouse import db

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
# What a snapshot folder's manifest says it is; a folder without it is never replaced.
FORMAT = "cramp-trials/ctgov-snapshot"
# The layout of the folder and manifest; raised when a reader of version N could misread N+1.
FORMAT_VERSION = 1
# The last AACT migration our tables follow (aact-structure.sql plus source/db/migrate/).
AACT_MIGRATION = "20240901191204"
# A folder per table (parquet/<table>/<table>.parquet): an external table in Trino, Hive, Spark or
# BigQuery is a folder (or a wildcard over one), and a table may be split into several files.
PARQUET_DIR = "parquet"
FLAT_FILES = "pipe-delimited-export.zip"
SCHEMA = "ctgov"
# A zip entry needs a date; the data's own timestamp when it parses, so that equal data make an
# equal zip. Zip dates start in 1980.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# What one read holds in memory while it writes; the files are streamed, not built in memory.
MEMORY_LIMIT = db.WRITER_MEMORY_LIMIT
HASH_CHUNK = 1 << 20
# A table's name becomes file names: letters, digits and _ only (AACT's names are), so no name
# in a file given by --db can reach outside the snapshot folder.
TABLE_NAME = re.compile(r"\w+", re.ASCII)


class SnapshotError(RuntimeError):
    """A snapshot could not be written; the last one at the target is untouched."""


def quoted(name: str) -> str:
    """Return an identifier in double quotes, its own double quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Table:
    """One table of the snapshot: its AACT name, the name query_table() resolves (catalog,
    schema and table: a file named ctgov.duckdb makes `ctgov.x` ambiguous) and its columns
    (name, DuckDB type)."""

    name: str
    qualified: str
    columns: tuple[tuple[str, str], ...]


def ctgov_tables(con: duckdb.DuckDBPyConnection) -> list[Table]:
    """Return the tables and views of schema ctgov, by name; none when the file has no ctgov."""
    [(catalog,)] = con.execute(db.statement("current_catalog")).fetchall()
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in con.execute(db.statement("ctgov_columns")).fetchall():
        columns.setdefault(table, []).append((column, data_type))
    return [
        Table(name, ".".join(map(quoted, (catalog, SCHEMA, name))), tuple(cols))
        for name, cols in sorted(columns.items())
    ]


def schema_version(tables: list[Table]) -> str:
    """Return the schema version of a snapshot: AACT's migration, then a digest of our tables'
    names, columns and types (equal strings mean the same columns in the same order)."""
    shape = json.dumps([[t.name, [list(c) for c in t.columns]] for t in tables])
    return f"aact-{AACT_MIGRATION}+ctgov-{hashlib.sha256(shape.encode()).hexdigest()[:12]}"


def read_manifest(folder: Path) -> dict:
    """Return a snapshot folder's manifest; {} when there is none or it is not a snapshot's."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def check_target(out: Path) -> None:
    """Refuse a target that is not a folder, or a folder with files that is not a snapshot."""
    if out.exists() and not out.is_dir():
        raise SnapshotError(f"{out} is not a folder")
    if out.is_dir() and not read_manifest(out) and any(out.iterdir()):
        raise SnapshotError(f"{out} holds files but no snapshot manifest: refusing to replace it")


def file_entry(folder: Path, relative: str) -> dict:
    """Return a file's manifest entry (path, bytes, sha256), after making it durable: DuckDB and
    zipfile do not fsync what they write, and the folder is renamed into place next."""
    path = folder / relative
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
        os.fsync(fh.fileno())
    return {"path": relative, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _zip_date(data_timestamp: str | None) -> tuple[int, int, int, int, int, int]:
    try:
        stamp = datetime.fromisoformat(str(data_timestamp).replace("Z", "+00:00"))
    except ValueError:
        return ZIP_EPOCH
    return max(ZIP_EPOCH, stamp.timetuple()[:6])


def _remove_leftovers(out: Path) -> None:
    """Delete what snapshot writers of `out` that are no longer running left beside it: their
    temporary folders, and a last snapshot set aside by a swap that was cut between its two
    renames (put back first when `out` is missing, so it is never lost)."""
    for path in sorted(out.parent.glob(glob.escape(f".{out.name}.") + "*-*")):
        kind, _, pid = path.name.rpartition("-")
        if kind not in (f".{out.name}.tmp", f".{out.name}.old") or not pid.isdigit():
            continue
        if _alive(int(pid)):
            continue
        if kind.endswith(".old") and not out.exists():
            os.rename(path, out)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_tables(
    con: duckdb.DuckDBPyConnection, tables: list[Table], folder: Path, zip_date: tuple
) -> dict[str, dict]:
    """Write each table's Parquet file and flat file (into the zip); return its manifest entry."""
    (folder / PARQUET_DIR).mkdir()
    staged = folder / ".txt"
    staged.mkdir()
    entries = {}
    with zipfile.ZipFile(folder / FLAT_FILES, "w", zipfile.ZIP_DEFLATED) as flat:
        for table in tables:
            [(rows,)] = con.execute(
                db.statement("snapshot_row_count"), [table.qualified]
            ).fetchall()
            parquet = f"{PARQUET_DIR}/{table.name}/{table.name}.parquet"
            (folder / parquet).parent.mkdir()
            con.sql(db.statement("snapshot_rows"), params=[table.qualified]).write_parquet(
                str(folder / parquet), compression="snappy"
            )
            txt = staged / f"{table.name}.txt"
            con.sql(db.statement("snapshot_flat_rows"), params=[table.qualified]).write_csv(
                str(txt), sep="|", header=True, quotechar='"', escapechar='"'
            )
            info = zipfile.ZipInfo(txt.name, date_time=zip_date)
            info.compress_type = zipfile.ZIP_DEFLATED
            with txt.open("rb") as src, flat.open(info, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, HASH_CHUNK)
            txt.unlink()
            entries[table.name] = {
                "rows": rows,
                "columns": [{"name": n, "type": t} for n, t in table.columns],
                "parquet": parquet,
                "flat_file": txt.name,
            }
    staged.rmdir()
    return entries


def write_snapshot(published: Path, out: Path) -> dict:
    """Write a snapshot of `published`'s ctgov tables to the folder `out`; return its manifest.

    Raises SnapshotError when the file has no ctgov schema or `out` is not a snapshot folder it
    may replace; any failure leaves what was at `out` untouched and removes the temporary folder.
    """
    published, out = Path(published), Path(out).absolute()
    if out.is_symlink():  # replace the folder it points to, not the link
        out = out.resolve()
    check_target(out)
    if not published.is_file():
        raise SnapshotError(f"no database at {published}")
    started = time.perf_counter()
    with db.connect(published, read_only=True) as con:
        con.execute("set memory_limit = ?", [MEMORY_LIMIT])
        tables = ctgov_tables(con)
        if not tables:
            raise SnapshotError(f"{published} has no {SCHEMA} schema: nothing to snapshot")
        if odd := [t.name for t in tables if not TABLE_NAME.fullmatch(t.name)]:
            raise SnapshotError(f"{published}: {SCHEMA} table name {odd[0]!r} is not a file name")
        [(run_id, data_timestamp)] = con.execute(db.statement("snapshot_source")).fetchall()
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        temp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
        try:
            entries = _write_tables(con, tables, temp, _zip_date(data_timestamp))
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema_version": schema_version(tables),
                "aact_migration": AACT_MIGRATION,
                "run_id": run_id,
                "data_timestamp": data_timestamp,
                "created_at": datetime.now(UTC)
                .isoformat(timespec="seconds")
                .replace("+00:00", "Z"),
                "database": str(published.resolve()),
                "flat_files": FLAT_FILES,
                "tables": entries,
                "files": [
                    file_entry(temp, rel)
                    for rel in [*(e["parquet"] for e in entries.values()), FLAT_FILES]
                ],
            }
            write_atomic(temp / MANIFEST, json.dumps(manifest, indent=2) + "\n")
            for entry in entries.values():
                fsync_dir((temp / entry["parquet"]).parent)
            fsync_dir(temp / PARQUET_DIR)
            replace_dir(temp, out)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    log.info(
        "snapshot of %s: %d tables, %d rows, %.1f MB in %.2f s",
        published,
        len(entries),
        sum(e["rows"] for e in entries.values()),
        sum(f["bytes"] for f in manifest["files"]) / 1e6,
        time.perf_counter() - started,
    )
    return manifest
