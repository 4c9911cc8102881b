"""A rebuild redoes only the studies a run changed and gives the tables a full rebuild gives;
a topic classifies only its candidate studies.

Records are the real corpus (tests/realdata.py); changed and new versions are SYNTHETIC variants
of real records built in code (stopped_version, and copies under fresh NCT9 ids).
"""

from __future__ import annotations

import copy
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from realdata import corpus_records, stopped_version

from benchmarks import equality
from pipeline.config.topics import load_topic
from pipeline.core.files import write_ndjson
from pipeline.jobs import steps
from pipeline.warehouse import builds, db, history, incremental, landing
from pipeline.warehouse.seeds import load_seeds

T0 = datetime(2026, 1, 5, 12, 0)
TOPIC = "leg-cramps"


def _land(database: Path, tmp: Path, name: str, records: list[dict], seen_at, hits: bool, run):
    """Land records (as one topic query's results when `hits`) into a database."""
    path = tmp / f"{name}.ndjson"
    write_ndjson(records, path)
    con = db.connect(database)
    try:
        db.apply_raw_schema(con)
        con.begin()
        query_hits = [landing.QueryHits(TOPIC, "main", path)] if hits else []
        landing.save_raw(con, [path], "api" if hits else "test", None, seen_at, query_hits)
        if run is not None:
            run(con)
        con.commit()
    finally:
        con.close()


def _rebuild(database: Path, full: bool = False) -> tuple[str, dict[str, float]]:
    con = db.connect(database)
    timings: dict[str, float] = {}
    try:
        db.apply_macros(con)
        con.begin()
        load_seeds(con, [load_topic(TOPIC)])
        con.commit()
        _, mode = incremental.rebuild(con, timings, full)
    finally:
        con.close()
    return mode, timings


def _changed(database: Path) -> int:
    """How many studies the next rebuild would redo."""
    con = db.connect(database)
    try:
        con.execute("attach ':memory:' as scratch")
        try:
            return incremental.changed_studies(con)
        finally:
            con.execute("detach scratch")
    finally:
        con.close()


def _swapped(database: Path) -> int:
    con = db.connect(database, read_only=True)
    try:
        return incremental.swapped_since_full(con)
    finally:
        con.close()


def _value(database: Path, sql: str, params: list) -> object:
    """The one value `sql` returns from a database opened read-only."""
    con = db.connect(database, read_only=True)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


def _descriptions(database: Path) -> set[tuple]:
    """Every view, and every comment on a table, view or column of a database."""
    con = db.connect(database, read_only=True)
    try:
        return set(
            con.execute(
                "select 'view', view_name, null, comment from duckdb_views() where not internal"
                " union all select 'table', table_name, null, comment from duckdb_tables()"
                " union all select 'column', table_name, column_name, comment"
                " from duckdb_columns() where comment is not null"
            ).fetchall()
        )
    finally:
        con.close()


def _assert_same_as_full(database: Path, tmp: Path) -> None:
    full = equality.full_copy(database, tmp / "full.duckdb", [load_topic(TOPIC)])
    differences = equality.compare(database, full)
    assert [d for d in differences if not d.same] == []
    # An incremental rebuild keeps the views and comments instead of recreating them.
    described = _descriptions(database)
    assert described == _descriptions(full)
    # The views: the project's, and AACT's tables under their names in schema ctgov.
    views = len(db.VIEWS) + len(db.ctgov_sources())
    assert len([d for d in described if d[0] == "view"]) == views
    # The comparison looks at real rows, not empty tables.
    rows = {d.relation: d.rows for d in differences}
    assert rows["studies"] > 200 and rows["study_relevance"] > 50 and rows["top_trials"] > 5
    full.unlink()


def _new_copy(record: dict, n: int) -> dict:
    """SYNTHETIC: a real record under a fresh id NCT9xxxxxxx, as a study new to the store."""
    out = copy.deepcopy(record)
    out["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{n:07d}"
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A database after three runs (base, incremental fetch, full resync with removals).

    Yields (database, work dir, per-step facts); the incremental database after each step is
    compared with a full rebuild of its copy.
    """
    tmp = tmp_path_factory.mktemp("incremental")
    database = tmp / "trials.duckdb"
    records = sorted(corpus_records().values(), key=lambda r: r["protocolSection"][
        "identificationModule"]["nctId"])  # fmt: skip
    found, imported = records[:200], records[200:]
    _land(database, tmp, "base", found, T0, True, None)
    _land(database, tmp, "import", imported, T0, False, None)
    steps = {"base": _rebuild(database)}
    yield database, tmp, found, imported, steps


def test_first_rebuild_is_full(runs):
    _, _, _, _, steps = runs
    assert steps["base"][0].startswith("full: no table")


def test_every_per_study_table_can_swap_its_rows(runs):
    """What an incremental rebuild swaps is derived from the SQL: every table that reads a
    per-study raw table (directly or through another) has the nct_id the swap keys on; the rest
    (the enum vocabularies) read none."""
    database = runs[0]
    con = duckdb.connect(str(database), read_only=True)
    try:
        for name in db.PUBLISHED_TABLES:
            columns = {row[0] for row in con.execute(f"describe {name}").fetchall()}
            assert (name in incremental.STUDY_INDEPENDENT) != ("nct_id" in columns), name
    finally:
        con.close()


def test_incremental_fetch_redoes_only_the_landed_studies(runs):
    database, tmp, found, _, steps = runs
    ids = [r["protocolSection"]["identificationModule"]["nctId"] for r in found]
    changed = [stopped_version(found, i) for i in ids[:12]]
    new = [_new_copy(found[k], k) for k in range(4)]
    _land(database, tmp, "incremental", changed + new, T0 + timedelta(days=1), True, None)
    assert _changed(database) == 16
    mode, timings = _rebuild(database)
    assert mode == "incremental"
    assert "swap_rows" in timings
    assert _changed(database) == 0
    assert _swapped(database) == 16
    _assert_same_as_full(database, tmp)


def test_full_resync_with_removals_equals_a_full_rebuild(runs):
    database, tmp, found, imported, _ = runs
    ids = [r["protocolSection"]["identificationModule"]["nctId"] for r in found]
    # A full resync that no longer returns the last 5 studies: they are marked removed.
    seen = T0 + timedelta(days=2)

    def removals(con):
        removed, _ = history.mark_removals(con, TOPIC, "run-3", seen, None)
        assert removed == 9  # the 5 left out and the 4 new ones of the previous step
        # The first run's record arrives: quarantined studies it first saw get its run id.
        con.execute(
            "insert into pipeline_runs (run_id, started_at, outcome) values ('run-1', ?, 'x')",
            [T0],
        )
        # And one imported study's versions are taken back out of the store.
        con.execute(
            "delete from raw_studies where nct_id = ?",
            [imported[0]["protocolSection"]["identificationModule"]["nctId"]],
        )

    resync = [stopped_version(found, i) for i in ids[:12]] + found[12:-5]
    _land(database, tmp, "resync", resync, seen, True, removals)
    mode, _ = _rebuild(database)
    assert mode == "incremental"
    gone = _value(
        database,
        "select count(*) from study_relevance where topic = ? and removed_from_topic",
        [TOPIC],
    )
    absent = _value(
        database,
        "select count(*) from study_overview where nct_id = ?",
        [imported[0]["protocolSection"]["identificationModule"]["nctId"]],
    )
    assert gone == 9 and absent == 0
    _assert_same_as_full(database, tmp)


def test_a_new_version_of_a_study_no_topic_found_is_redone(runs, tmp_path):
    # An imported study has no topic hits, so only its record (study_records) tells that it
    # changed: a comparison that looked at topic memberships, or at new and gone keys, would
    # leave its old rows in place.
    database, _, _, imported, _ = runs
    copied = tmp_path / "reimport.duckdb"
    shutil.copy(database, copied)
    nct_id = imported[1]["protocolSection"]["identificationModule"]["nctId"]
    version = stopped_version(imported, nct_id)
    _land(copied, tmp_path, "reimport", [version], T0 + timedelta(days=3), False, None)
    assert _changed(copied) == 1
    mode, _ = _rebuild(copied)
    assert mode == "incremental"
    status = _value(copied, "select overall_status from study_overview where nct_id = ?", [nct_id])
    assert status == version["protocolSection"]["statusModule"]["overallStatus"]
    _assert_same_as_full(copied, tmp_path)


def test_changed_seeds_rebuild_every_table(runs, tmp_path):
    database, *_ = runs
    copy_path = tmp_path / "seeds.duckdb"
    shutil.copyfile(database, copy_path)
    con = db.connect(copy_path)
    try:
        db.apply_macros(con)
        # The registry topic's seeds beside leg-cramps': the seed tables differ.
        load_seeds(con, [load_topic(TOPIC), load_topic("registry")])
        _, mode = incremental.rebuild(con)
    finally:
        con.close()
    assert mode.startswith("full: sql/, seeds")


def test_forced_rebuild_is_full(runs, tmp_path):
    database, *_ = runs
    copy_path = tmp_path / "forced.duckdb"
    shutil.copyfile(database, copy_path)
    before = copy_path.stat().st_size
    assert _rebuild(copy_path, full=True)[0] == "full: asked for"
    after = copy_path.stat().st_size
    # The new tables reuse the old ones' blocks: a full rebuild does not grow the file by the
    # size of its tables (it doubled it with `create or replace` alone).
    assert after <= before + 4 * 2**20, (before, after)  # +16 blocks; it was +15 MB
    # study_parsed was built in a side database, which is gone, and is not in the file.
    assert not copy_path.with_name(copy_path.name + "." + db.SIDE).exists()
    con = db.connect(copy_path, read_only=True)
    try:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert "study_parsed" not in tables and "study_contacts" in tables


def test_swapped_studies_add_up_to_a_compacting_full_rebuild(runs, tmp_path):
    """Incremental rebuilds leave tombstones and small row groups; once the studies they swapped
    since the last full rebuild pass a share of the store (at least 1,000), the next is full."""
    database, _, found, _, _ = runs
    copy_path = tmp_path / "compact.duckdb"
    shutil.copyfile(database, copy_path)
    con = db.connect(copy_path)
    try:
        # As if earlier nights had swapped 999 studies' rows since the last full rebuild.
        con.execute(
            "insert or replace into rebuild_state values (?, '999', now()::timestamp)",
            [incremental.SWAPPED_KEY],
        )
    finally:
        con.close()
    ids = [r["protocolSection"]["identificationModule"]["nctId"] for r in found]
    changed = [stopped_version(found, i) for i in ids[20:22]]
    _land(copy_path, tmp_path, "two", changed, T0 + timedelta(days=3), True, None)
    mode, _ = _rebuild(copy_path)
    assert mode.startswith("full: 1,00") and mode.endswith("(compaction)"), mode
    assert _swapped(copy_path) == 0
    _assert_same_as_full(copy_path, tmp_path)


def test_a_mostly_free_published_file_gets_a_fresh_build_not_a_copy(runs, tmp_path, monkeypatch):
    """A file whose blocks are mostly free (an 18 GiB file from before issue 13 after one full
    rebuild) is not copied: the build holds its raw tables only, the rebuild makes every table,
    and the tables equal the published ones."""
    database, *_ = runs
    published = tmp_path / "trials.duckdb"
    shutil.copyfile(database, published)
    # Twice the file's size in free blocks (four doubles, 32 bytes a row), however many tables
    # the file holds: a share of the file above one half.
    ballast_rows = 2 * published.stat().st_size // 32
    con = db.connect(published)
    try:
        # Blocks that stay in the file, free, once the table is dropped: a table written after
        # them keeps DuckDB from cutting them off the end of the file.
        con.execute(
            "create table ballast as select random() as a, random() as b, random() as c,"
            " random() as d from range(?)",
            [ballast_rows],
        )
        con.execute("checkpoint")
        con.execute("create table after_ballast as select 1 as i")
        con.execute("checkpoint")
        con.execute("drop table ballast")
        con.execute("checkpoint")
    finally:
        con.close()
    inflated = published.stat().st_size
    # Files under 64 MB are always copied; this one is smaller, so the floor is lowered.
    monkeypatch.setattr(builds, "COMPACT_MIN_BYTES", 16 * 2**20)
    assert inflated > builds.COMPACT_MIN_BYTES and builds.free_share(published) > 0.5
    build = builds.new_build(published)
    try:
        assert build.stat().st_size < inflated / 4
        counts = steps.rebuild_tables(build, [load_topic(TOPIC)])
        assert counts["studies"] > 200
        assert [d for d in equality.compare(database, build) if not d.same] == []
        raw = "select count(*) from raw_studies"
        with db.connect(database, read_only=True) as a, db.connect(build, read_only=True) as b:
            assert a.execute(raw).fetchone() == b.execute(raw).fetchone()
    finally:
        builds.discard(build)


def test_topic_classifies_its_own_and_unclaimed_studies_only(runs):
    database, _, found, imported, _ = runs
    con = db.connect(database, read_only=True)
    try:
        classified = {
            r[0]
            for r in con.execute(
                "select nct_id from study_relevance where topic = ?", [TOPIC]
            ).fetchall()
        }
        texts = {r[0] for r in con.execute("select distinct nct_id from study_texts").fetchall()}
        hit = {r[0] for r in con.execute("select nct_id from study_topics").fetchall()}
        unclaimed = {
            r[0]
            for r in con.execute(
                "select nct_id from study_overview anti join study_topics using (nct_id)"
            ).fetchall()
        }
    finally:
        con.close()
    assert hit and unclaimed
    assert classified == hit | unclaimed
    assert texts <= classified


def test_another_topics_studies_are_not_classified(tmp_path):
    """A study only the registry topic's query returned is not leg-cramps' candidate."""
    records = sorted(corpus_records().values(), key=lambda r: r["protocolSection"][
        "identificationModule"]["nctId"])  # fmt: skip
    path = tmp_path / "registry.ndjson"
    write_ndjson(records, path)
    own = tmp_path / "own.ndjson"
    write_ndjson(records[:30], own)
    database = tmp_path / "two.duckdb"
    con = db.connect(database)
    try:
        db.apply_raw_schema(con)
        landing.save_raw(
            con,
            [path, own],
            "api",
            None,
            T0,
            [landing.QueryHits("registry", "all", path), landing.QueryHits(TOPIC, "main", own)],
        )
    finally:
        con.close()
    steps.rebuild_tables(database, [load_topic(TOPIC), load_topic("registry")])
    con = db.connect(database, read_only=True)
    try:
        classified = con.execute(
            "select count(*), count(*) filter (where found_by_topic) from study_relevance"
        ).fetchone()
        studies = db.table_count(con, "study_overview")
    finally:
        con.close()
    assert studies == len(records)
    assert classified == (30, 30)


def test_a_table_out_of_memory_is_built_again_under_the_fallback_limit(
    tmp_path, monkeypatch, caplog
):
    """Under a writer limit far below what the tables need (8 MB), every rebuild statement that
    runs out of memory runs once more under db.FALLBACK_MEMORY_LIMIT with a warning: a full
    rebuild and an incremental one complete, and give the tables a full rebuild under the normal
    limit gives. (Landing is not retried: it runs under the normal limit here.)"""
    records = sorted(corpus_records().values(), key=lambda r: r["protocolSection"][
        "identificationModule"]["nctId"])[:210]  # fmt: skip
    database = tmp_path / "trials.duckdb"

    def starved_rebuild() -> tuple[str, list[str]]:
        """Rebuild under an 8 MB writer limit, set once the seeds (not retried) are loaded."""
        caplog.clear()
        con = db.connect(database)
        try:
            db.apply_macros(con)
            con.begin()
            load_seeds(con, [load_topic(TOPIC)])
            con.commit()
            monkeypatch.setattr(db, "WRITER_MEMORY_LIMIT", "8MB")
            con.execute("set memory_limit = ?", [db.WRITER_MEMORY_LIMIT])
            with caplog.at_level("WARNING", logger="pipeline.warehouse.db"):
                _, mode = incremental.rebuild(con)
        finally:
            monkeypatch.undo()
            con.close()
        return mode, [r.getMessage() for r in caplog.records]

    _land(database, tmp_path, "base", records, T0, True, None)
    mode, full_retries = starved_rebuild()
    assert mode.startswith("full:")
    ids = [r["protocolSection"]["identificationModule"]["nctId"] for r in records]
    changed = [stopped_version(records, i) for i in ids[:5]] + [_new_copy(records[0], 1)]
    _land(database, tmp_path, "changes", changed, T0 + timedelta(days=1), True, None)
    mode, incremental_retries = starved_rebuild()
    assert mode == "incremental"
    assert any(m.startswith("table study_parsed ran out of memory under 8MB") for m in full_retries)
    assert any(
        m.startswith(("changed_studies ", "the changed rows of ", "the swap of "))
        for m in incremental_retries
    ), incremental_retries
    # Every warning is a retry, or (DuckDB before 2) the limit left at the fallback after one.
    for message in full_retries + incremental_retries:
        assert message.endswith(
            (
                "running it again under " + db.FALLBACK_MEMORY_LIMIT,
                "left at " + db.FALLBACK_MEMORY_LIMIT,
            )
        ), message
    _assert_same_as_full(database, tmp_path)
