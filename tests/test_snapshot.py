"""pipeline.publish.snapshot and the nightly snapshot (pipeline.jobs.snapshotsync): the ctgov
tables as Parquet and as AACT's pipe-delimited flat files, read back with pyarrow (not DuckDB)
and compared with the tables; the manifest; a failure keeps the last snapshot; `trials snapshot`.

The published file has AACT's schema `ctgov`, one view per AACT table (pipeline.warehouse.db
apply_ctgov); the code under test reads whatever the schema holds, and the tests add a SYNTHETIC
view of the values AACT's flat-file rules are about.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from realdata import RUNS, sql

from pipeline.core import files
from pipeline.jobs import run, snapshotsync
from pipeline.publish import snapshot
from pipeline.warehouse import db, history
from trials import main

# Every test writes snapshots of a corpus build (8 s in all): the full suite, not the quick loop.
pytestmark = pytest.mark.integration

# SYNTHETIC, built in SQL from the real studies: the values AACT's flat-file rules are about
# (a pipe, quotes, CR LF, LF with an indent, a blank line, '' beside NULL, a leading quote, a
# boolean with nulls, doubles, a decimal, a timestamp), which real AACT columns hold only some of.
EDGE_VIEW = """
create or replace view ctgov.synthetic_edge_values as
select
    nct_id,
    brief_title || ' | "quoted" |' || chr(13) || chr(10) || '  indented' || chr(10) || chr(10)
        || 'after a blank line' || chr(13) || 'after a CR' as text_value,
    '' as empty_text,
    null::varchar as null_text,
    '"' || nct_id as leading_quote,
    case when enrollment is not null then enrollment > 100 end as large,
    enrollment / 3 as ratio,
    1e20 as big,
    cast(enrollment / 7 as decimal(12, 2)) as share,
    start_date,
    timestamp '2026-01-05 12:00:00' + to_seconds(coalesce(enrollment, 0)) as seen_at
from ctgov.studies
"""
PLANTED_FAILURE = "create view ctgov.zz_planted_failure as select cast(nct_id as integer) as n " \
    "from ctgov.studies"  # fmt: skip
PUBLISHED_RUN = max(r[0] for r in RUNS if r[1] == "published")
DATA_TIMESTAMP = "2026-11-26T09:00:05"


def plant_edge_values(path: Path) -> None:
    """Add the SYNTHETIC edge-values view to the ctgov schema of the file at `path`."""
    with duckdb.connect(str(path)) as con:
        con.execute(EDGE_VIEW)


def multiset(rows) -> Counter:
    return Counter(map(repr, rows))


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def published(runs_db, tmp_path_factory) -> Path:
    """The corpus database with its recorded runs, a last published run with a data timestamp,
    and the SYNTHETIC edge-values view in its ctgov schema."""
    path = tmp_path_factory.mktemp("snapshot-db") / "trials.duckdb"
    shutil.copyfile(runs_db, path)
    with db.connect(path) as con:
        history.save_run(
            con,
            history.RunRecord(
                "20261126T153000000000Z", "2026-11-26T15:30:00", "published",
                data_timestamp=DATA_TIMESTAMP,
            ),
        )  # fmt: skip
    plant_edge_values(path)
    return path


@pytest.fixture(scope="module")
def contents(published) -> list[tuple[snapshot.Table, list[tuple]]]:
    """Each ctgov table of `published` with its rows, read by DuckDB."""
    with duckdb.connect(str(published), read_only=True) as con:
        return [
            (t, con.execute("select * from query_table(?)", [t.qualified]).fetchall())
            for t in snapshot.ctgov_tables(con)
        ]


@pytest.fixture(scope="module")
def written(published, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("snapshots") / "snapshot"
    return out, snapshot.write_snapshot(published, out)


# DuckDB type -> the Arrow type pyarrow reads its Parquet column as.
ARROW_TYPES = {
    "BOOLEAN": pa.bool_(),
    "SMALLINT": pa.int16(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}


def arrow_type(duckdb_type: str) -> pa.DataType:
    if found := re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", duckdb_type):
        return pa.decimal128(int(found[1]), int(found[2]))
    if duckdb_type == "JSON":  # Parquet's JSON type: Arrow's JSON extension where pyarrow has it
        return pa.json_(pa.string()) if hasattr(pa, "json_") else pa.string()
    return ARROW_TYPES[duckdb_type]


def test_every_table_of_the_schema_is_in_the_snapshot(contents, written):
    out, manifest = written
    names = [t.name for t, _ in contents]
    assert len(names) == 52 and {"studies", "facilities", "synthetic_edge_values"} <= set(names)
    assert list(manifest["tables"]) == names
    parquet = sorted(str(p.relative_to(out)) for p in (out / "parquet").rglob("*.parquet"))
    assert parquet == [f"parquet/{n}/{n}.parquet" for n in names]
    with zipfile.ZipFile(out / snapshot.FLAT_FILES) as flat:
        assert flat.namelist() == [f"{n}.txt" for n in names]
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "parquet",
        snapshot.FLAT_FILES,
    ]


def test_every_parquet_file_reads_back_with_pyarrow_as_its_table(contents, written):
    out, manifest = written
    for table, expected in contents:
        read = pq.read_table(out / manifest["tables"][table.name]["parquet"])
        assert read.schema.names == [c for c, _ in table.columns], table.name
        assert [f.type for f in read.schema] == [arrow_type(t) for _, t in table.columns]
        back = [tuple(row.values()) for row in read.to_pylist()]
        assert multiset(back) == multiset(expected), table.name
        assert len(back) == manifest["tables"][table.name]["rows"]


# RE2's \s, which the flat-file statement uses (Python's would also take \v and Unicode spaces).
LINE_BREAK = re.compile(r"\n[\t\n\f\r ]?")


def flat_text(value) -> str:
    """A value as AACT's flat files write it (docs/snapshots.md), computed here in Python."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if hasattr(value, "hour"):  # a timestamp: PostgreSQL's text form has a space, not a T
        text = text.replace("T", " ")
    return LINE_BREAK.sub("~", re.sub(r"\r\n?", "\n", text))


def read_flat_file(data: bytes, columns: list[str]) -> list[tuple]:
    """Rows of one .txt file as text, parsed by pyarrow's CSV reader with AACT's conventions."""
    read = pacsv.read_csv(
        io.BytesIO(data),
        parse_options=pacsv.ParseOptions(delimiter="|", quote_char='"', double_quote=True),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in columns},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    assert read.schema.names == columns
    return [tuple(row.values()) for row in read.to_pylist()]


def test_every_flat_file_reads_back_with_pyarrow_as_its_table_in_aact_text(contents, written):
    out, manifest = written
    with zipfile.ZipFile(out / snapshot.FLAT_FILES) as flat:
        for table, rows in contents:
            data = flat.read(manifest["tables"][table.name]["flat_file"])
            columns = [c for c, _ in table.columns]
            text = data.decode("utf-8")
            lines = text.split("\n")
            # A header row, then one line per record: no line break inside a value, no CR.
            assert lines[0] == "|".join(columns) and lines[-1] == "" and "\r" not in text
            expected = [tuple(map(flat_text, row)) for row in rows]
            assert len(lines) - 2 == len(expected) == manifest["tables"][table.name]["rows"]
            assert multiset(read_flat_file(data, columns)) == multiset(expected), table.name


def test_the_flat_files_quote_only_values_with_a_pipe_or_a_quote(written):
    out, _ = written
    with zipfile.ZipFile(out / snapshot.FLAT_FILES) as flat:
        first = flat.read("synthetic_edge_values.txt").decode().split("\n")[1]
    fields = first.split("|")
    nct_id = fields[0]
    assert re.fullmatch(r"NCT\d{8}", nct_id)
    # text_value: quoted (it holds | and "), inner quotes doubled; a line break and one space or
    # line break after it are one ~ (CR LF + "  indented" keeps one of its two spaces).
    assert '| ""quoted"" |~ indented~after a blank line~after a CR"' in first
    # empty_text '' and null_text NULL: both an empty field; leading_quote quoted and doubled.
    assert f'|||"""{nct_id}"|' in first


def test_the_manifest_names_the_run_counts_every_table_and_hashes_every_file(
    published, contents, written
):
    out, manifest = written
    assert json.loads((out / "manifest.json").read_text()) == manifest
    assert manifest["format"] == snapshot.FORMAT and manifest["format_version"] == 1
    assert (manifest["run_id"], manifest["data_timestamp"]) == (
        "20261126T153000000000Z",
        DATA_TIMESTAMP,
    )
    assert manifest["database"] == str(published.resolve())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifest["created_at"])
    assert re.fullmatch(r"aact-20240901191204\+ctgov-[0-9a-f]{12}", manifest["schema_version"])
    for table, rows in contents:
        entry = manifest["tables"][table.name]
        assert entry["rows"] == len(rows)
        assert [(c["name"], c["type"]) for c in entry["columns"]] == list(table.columns)
    on_disk = {p for p in listing(out) if p != "manifest.json"}
    assert {f["path"] for f in manifest["files"]} == on_disk
    for entry in manifest["files"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_the_schema_version_changes_with_a_column_and_only_then(contents):
    tables = [t for t, _ in contents]
    same = [snapshot.Table(t.name, "elsewhere", t.columns) for t in tables]
    assert snapshot.schema_version(same) == snapshot.schema_version(tables)
    first = tables[0]
    retyped = (first.columns[0][0], "BIGINT" if first.columns[0][1] != "BIGINT" else "INTEGER")
    changed = [snapshot.Table(first.name, first.qualified, (retyped, *first.columns[1:]))]
    assert snapshot.schema_version(changed + tables[1:]) != snapshot.schema_version(tables)


def test_a_file_without_run_has_no_run_id_and_the_records_newest_data_timestamp(
    corpus_db, tmp_path
):
    path = tmp_path / "imported.duckdb"
    shutil.copyfile(corpus_db, path)
    plant_edge_values(path)
    with db.connect(path) as con:
        con.execute("update current_records set data_timestamp = '2026-01-02T09:00:05'")
    manifest = snapshot.write_snapshot(path, tmp_path / "snap")
    assert (manifest["run_id"], manifest["data_timestamp"]) == (None, "2026-01-02T09:00:05")
    with zipfile.ZipFile(tmp_path / "snap" / snapshot.FLAT_FILES) as flat:
        assert flat.infolist()[0].date_time == (2026, 1, 2, 9, 0, 4)  # zip keeps even seconds


def test_a_failing_view_leaves_the_last_snapshot_untouched(published, written, tmp_path):
    """A real failure mid-write: a view whose query fails at run time, after the tables before it
    were written (its name sorts last)."""
    good, _ = written
    out = tmp_path / "snapshot"
    shutil.copytree(good, out)
    before = listing(out)
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(published, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute(PLANTED_FAILURE)
    with pytest.raises(duckdb.ConversionException):
        snapshot.write_snapshot(broken, out)
    assert listing(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.duckdb", "snapshot"]


def test_a_folder_that_is_not_a_snapshot_is_never_replaced(published, tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    with pytest.raises(snapshot.SnapshotError, match="no snapshot manifest"):
        snapshot.write_snapshot(published, mine)
    assert listing(mine) == {"keep.txt": b"mine"}
    (tmp_path / "file").write_text("x")
    with pytest.raises(snapshot.SnapshotError, match="not a folder"):
        snapshot.write_snapshot(published, tmp_path / "file")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert snapshot.write_snapshot(published, empty)["tables"]


def test_a_file_without_ctgov_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "plain.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table study_overview as select 'NCT00000410' as nct_id")
    with pytest.raises(snapshot.SnapshotError, match="no ctgov schema"):
        snapshot.write_snapshot(path, tmp_path / "out" / "snapshot")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.duckdb"]


def test_a_table_name_that_is_not_a_plain_file_name_is_refused(published, tmp_path):
    odd = tmp_path / "odd.duckdb"
    shutil.copyfile(published, odd)
    with duckdb.connect(str(odd)) as con:
        con.execute('create view ctgov."../outside" as select 1 as n')
    with pytest.raises(snapshot.SnapshotError, match="not a file name"):
        snapshot.write_snapshot(odd, tmp_path / "snap")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd.duckdb"]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_what_a_killed_writer_left_is_removed_and_a_snapshot_set_aside_is_put_back(
    published, written, tmp_path
):
    good, manifest = written
    out = tmp_path / "snapshot"
    pid = dead_pid()
    # A writer killed mid-write, and a swap cut between its two renames: the last snapshot
    # aside, no snapshot at `out`.
    (tmp_path / f".snapshot.tmp-{pid}").mkdir()
    (tmp_path / f".snapshot.tmp-{pid}" / "half.parquet").write_bytes(b"PAR1")
    shutil.copytree(good, tmp_path / f".snapshot.old-{pid}")
    (tmp_path / ".snapshot.tmp-notapid").mkdir()  # not ours: left alone
    snapshot._remove_leftovers(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".snapshot.tmp-notapid", "snapshot"]
    assert snapshot.read_manifest(out) == manifest


@pytest.mark.parametrize("exchange", [True, False])
def test_replace_dir_swaps_a_folder_whole_and_leaves_nothing_beside_it(tmp_path, exchange):
    target, new = tmp_path / "snapshot", tmp_path / ".snapshot.tmp-1"
    target.mkdir()
    (target / "old.txt").write_text("old")
    new.mkdir()
    (new / "new.txt").write_text("new")
    files.replace_dir(new, target, exchange=exchange)
    assert listing(tmp_path) == {"snapshot/new.txt": b"new"}
    fresh = tmp_path / ".other.tmp-1"
    fresh.mkdir()
    files.replace_dir(fresh, tmp_path / "other", exchange=exchange)  # no target yet
    assert (tmp_path / "other").is_dir() and not fresh.exists()


DOC = Path(__file__).resolve().parents[1] / "docs" / "snapshots.md"


def test_the_python_examples_of_the_snapshot_doc_run(written, tmp_path):
    """docs/snapshots.md's Python blocks, run as written from a folder whose data/snapshot is a
    snapshot: each reads a table back, with the table's rows."""
    good, manifest = written
    shutil.copytree(good, tmp_path / "data" / "snapshot")
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) >= 2
    rows = manifest["tables"]["studies"]["rows"]
    for code in blocks:
        check = f"\nassert len(studies) == {rows} and 'nct_id' in studies.columns\n"
        done = subprocess.run(
            [sys.executable, "-c", code + check], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{code}\n{done.stderr}"


def test_trials_snapshot_writes_one_and_says_what(published, tmp_path, capsys):
    out = tmp_path / "snap"
    assert main(["snapshot", "--db", str(published), "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    manifest = snapshot.read_manifest(out)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    assert line.startswith(f"wrote {out}: {len(manifest['tables'])} tables, {rows:,} rows, ")
    assert "run 20261126T153000000000Z, data timestamp 2026-11-26T09:00:05" in line


def test_trials_snapshot_failures_are_one_line(published, corpus_db, tmp_path, capsys):
    plain = tmp_path / "plain.duckdb"
    duckdb.connect(str(plain)).close()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("mine")
    cases = [
        (["--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "s")], "no database"),
        (["--db", str(plain), "--out", str(tmp_path / "s")], "no ctgov schema"),
        (["--db", str(published), "--out", str(tmp_path / "mine")], "no snapshot manifest"),
    ]
    for argv, words in cases:
        assert main(["snapshot", *argv]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: ") and words in err and "\n" not in err
    assert not (tmp_path / "s").exists()


@pytest.mark.integration
def test_the_nightly_writes_the_snapshot_after_a_publish_keeps_it_on_failure_and_heals(
    emulator, tmp_path
):
    """Through the plain run: a refresh writes the snapshot, a skip leaves it, a forced run whose
    snapshot fails (a view that fails at run time) keeps the last one, and a skip writes it
    again."""
    from realdata import run_options

    published, folder = tmp_path / "trials.duckdb", tmp_path / "snapshot"

    def refresh(**kw):
        return run.refresh_run(run_options(emulator, tmp_path, build_snapshot=True, **kw))

    assert refresh().snapshot == str(folder)
    [(run_id,)] = sql(published, "select run_id from pipeline_runs where outcome = 'published'")
    assert snapshot.read_manifest(folder)["run_id"] == run_id
    assert run.nothing_to_do(run_options(emulator, tmp_path, build_snapshot=True))
    skipped = refresh()
    assert skipped.outcome == "skipped" and skipped.snapshot is None
    before = listing(folder)
    # A snapshot written from another run is stale: the run does not skip without Prefect.
    manifest = json.loads((folder / "manifest.json").read_text())
    files.write_atomic(folder / "manifest.json", json.dumps({**manifest, "run_id": "older"}))
    assert not run.nothing_to_do(run_options(emulator, tmp_path, build_snapshot=True))
    files.write_atomic(folder / "manifest.json", before["manifest.json"].decode())

    with duckdb.connect(str(published)) as con:
        con.execute(PLANTED_FAILURE)
    with pytest.raises(snapshotsync.SnapshotPublishFailed, match="last snapshot .* is kept"):
        refresh(force=True)
    assert listing(folder) == before
    [logged] = [r for r in files.read_jsonl(history.run_log_path(published))][-1:]
    assert logged["outcome"] == "published-site-failed" and "snapshot" in logged["error"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".snapshot")] == []

    with duckdb.connect(str(published)) as con:
        con.execute("drop view ctgov.zz_planted_failure")
    healed = refresh()
    assert healed.outcome == "skipped" and healed.snapshot == str(folder)
    assert snapshot.read_manifest(folder)["run_id"] not in (None, run_id)
