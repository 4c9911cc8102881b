"""DuckDB storage: raw landing and history, relation files in sync, atomic publish, lock."""

import re
import shutil
from datetime import datetime

import duckdb
import pytest

from pipeline.core.files import write_ndjson
from pipeline.fetch.records import read_study_file
from pipeline.warehouse import builds, db, landing, relations

T1 = datetime(2026, 11, 24, 15, 0)
T2 = datetime(2026, 11, 25, 15, 0)


def stage(tmp_path, studies, name="s.ndjson"):
    path = tmp_path / name
    write_ndjson(studies, path)
    return path


def test_relation_lists_are_the_sql_files():
    on_disk = {p.stem for p in (db.SQL_DIR / "tables").glob("*.sql")}
    assert on_disk == set(db.TABLES)
    assert {p.stem for p in (db.SQL_DIR / "raw").glob("*.sql")} == set(db.RAW_TABLES)
    assert {p.stem for p in (db.SQL_DIR / "views").glob("*.sql")} == set(db.VIEWS)
    assert {p.stem for p in (db.SQL_DIR / "seeds").glob("*.sql")} == set(db.SEEDS)
    assert {p.stem for p in (db.SQL_DIR / "macros").glob("*.sql")} == set(db.MACROS)


def test_every_relation_is_built_after_what_it_reads():
    """The derived order: each relation's reads, as DuckDB parses its SQL, exist before it."""
    built = set(db.RAW_TABLES + db.STATE_TABLES + db.SEEDS)
    for name in db.ORDER:
        relation = db.RELATIONS[name]
        assert relation.reads <= built, (name, sorted(relation.reads - built))
        built.add(name)
    # Every view after every table.
    assert db.ORDER == db.TABLES + db.VIEWS
    assert db.ORDER.index("study_parsed") < db.ORDER.index("study_overview")
    assert db.ORDER.index("top_trials") < db.ORDER.index("export_trials")
    assert {"study_parsed", "study_meshes", "aact_results_parsed"} <= set(db.INTERMEDIATE_TABLES)


def test_reads_come_from_the_parser_not_from_the_text():
    reads = relations.query_reads(
        "with recent as (select * from study_overview"
        " where nct_id in (select nct_id from study_sponsors)) "
        "select r.*, c.name from recent r join ctgov.conditions c using (nct_id) "
        "-- from commented_out\n where 'from quoted' <> ''"
    )
    assert reads == {"study_overview", "study_sponsors", "ctgov.conditions"}


def plant(tmp_path, files):
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in ("tables", "views"):
        (tmp_path / folder).mkdir(exist_ok=True)
    return relations.read_relations(tmp_path)


def test_build_order_is_a_topological_sort_with_name_ties(tmp_path):
    found = plant(
        tmp_path,
        {
            "tables/b.sql": "create or replace table b as select * from raw_x",
            "tables/a.sql": "create or replace table a as select * from b join c using (id)",
            "tables/c.sql": "create or replace table c as select * from raw_x",
            "views/v.sql": "create or replace view v as select * from a",
            "views/u.sql": "create or replace view u as select * from v",
        },
    )
    assert relations.build_order(found, ["raw_x"]) == ["b", "c", "a", "v", "u"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"tables/a.sql": "create or replace table a as select * from nowhere"},
            "reads nowhere, which nothing defines",
        ),
        (
            {
                "tables/a.sql": "create or replace table a as select * from v",
                "views/v.sql": "create or replace view v as select * from raw_x",
            },
            "table a reads view v, made after it",
        ),
        (
            {
                "tables/a.sql": "create or replace table a as select * from b",
                "tables/b.sql": "create or replace table b as select * from a",
            },
            "in a cycle: a, b",
        ),
    ],
)
def test_build_order_refuses_what_cannot_be_built(tmp_path, files, message):
    with pytest.raises(relations.BuildOrderError, match=message):
        relations.build_order(plant(tmp_path, files), ["raw_x"])


def test_a_file_must_create_the_relation_it_is_named_after(tmp_path):
    with pytest.raises(relations.BuildOrderError, match="create or replace table a as"):
        plant(tmp_path / "named", {"tables/a.sql": "create or replace table b as select 1"})
    with pytest.raises(relations.BuildOrderError, match="b.sql: syntax error"):
        plant(tmp_path / "parsed", {"tables/b.sql": "create or replace table b as selec 1 frm"})


def test_the_joins_as_written_mark_is_read_and_only_a_table_carries_it(tmp_path):
    found = plant(
        tmp_path / "table",
        {"tables/a.sql": "-- build: joins as written\ncreate or replace table a as select 1"},
    )
    assert found["a"].joins_as_written
    assert not plant(tmp_path / "plain", {"tables/b.sql": "create or replace table b as select 1"})[
        "b"
    ].joins_as_written
    with pytest.raises(relations.BuildOrderError, match="only a table"):
        plant(
            tmp_path / "view",
            {"views/v.sql": "-- build: joins as written\ncreate or replace view v as select 1"},
        )


def test_every_table_joining_result_groups_builds_its_joins_as_written():
    # Issue 23: an unnested table of a study's list entries is estimated at its studies' rows, so
    # DuckDB made it (millions of wide rows at registry scale) the hash table of a lookup join.
    readers = [n for n in db.TABLES if "result_groups" in db.RELATIONS[n].reads]
    assert len(readers) >= 8
    assert [n for n in readers if not db.RELATIONS[n].joins_as_written] == []


def test_build_table_turns_the_build_side_choice_back_on_after_a_marked_table(corpus_db, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(corpus_db, path)
    with db.connect(path) as con:
        db.apply_macros(con)
        before = con.execute("select count(*) from outcome_counts").fetchone()
        for intermediate in ("study_parsed", "aact_results_parsed"):  # the rebuild's side catalog
            db.build_table(con, intermediate, "table")
        db.build_table(con, "outcome_counts", "table")
        assert con.execute("select current_setting('disabled_optimizers')").fetchone() == ("",)
        assert con.execute("select count(*) from outcome_counts").fetchone() == before


def test_the_parts_mark_is_read_and_refused_where_it_cannot_work(tmp_path):
    filtered = (
        "-- build: in 2 parts\ncreate or replace table a as select * from raw_x"
        " where hash(nct_id) % getvariable('build_parts') = getvariable('build_part')"
    )
    assert plant(tmp_path / "ok", {"tables/a.sql": filtered})["a"].parts == 2
    for name, files in {
        "unfiltered": {
            "tables/a.sql": "-- build: in 2 parts\ncreate or replace table a as select 1"
        },
        "one": {"tables/a.sql": filtered.replace("in 2 parts", "in 1 parts")},
        "view": {"views/a.sql": filtered.replace("table a", "view a")},
    }.items():
        with pytest.raises(relations.BuildOrderError, match="parts"):
            plant(tmp_path / name, files)


def test_a_table_built_in_parts_holds_what_one_statement_makes(corpus_db, tmp_path):
    """reported_events is built in two halves of the studies (issue 23: its window and hash
    tables at registry scale); the halves add up to the file run once over every study."""
    assert db.RELATIONS["reported_events"].parts == 2
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(corpus_db, path)
    with db.connect(path) as con:
        db.apply_macros(con)
        for intermediate in ("study_parsed", "aact_results_parsed"):  # the rebuild's side catalog
            db.build_table(con, intermediate, "table")
        con.execute(
            db.sql_text("tables/reported_events.sql").replace(
                "table reported_events as", "table reported_events_once as", 1
            )
        )
        db.build_table(con, "reported_events", "table")
        assert con.execute("select getvariable('build_part')").fetchone() == (None,)
        once = con.execute("select * from reported_events_once order by id").fetchall()
        parts = con.execute("select * from reported_events order by id").fetchall()
    assert len(once) > 100 and parts == once


def test_macros_come_after_the_macros_they_call(tmp_path):
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "a_outer.sql").write_text(
        "create or replace macro a_outer(x) as z_inner(x) + 1;"
    )
    (tmp_path / "macros" / "z_inner.sql").write_text("create or replace macro z_inner(x) as x;")
    assert relations.macro_order(tmp_path) == ("z_inner", "a_outer")
    names = list(db.MACROS)
    for name in names:
        body = db.sql_text(f"macros/{name}.sql").split("(", 1)[1]
        for other in names:
            if other != name and re.search(rf"\b{other}\s*\(", body):
                assert names.index(other) < names.index(name), (other, name)


def test_each_sql_file_creates_the_relation_it_is_named_after():
    create = re.compile(
        r"create\s+(?:or\s+replace\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?(\w+)", re.I
    )
    layers = (("tables", db.TABLES), ("raw", db.RAW_TABLES), ("views", db.VIEWS))
    for kind, names in (*layers, ("seeds", db.SEEDS)):
        for name in names:
            assert create.findall(db.sql_text(f"{kind}/{name}.sql")) == [name], name
    macro = re.compile(r"create\s+or\s+replace\s+macro\s+(\w+)", re.I)
    for name in db.MACROS:
        assert macro.findall(db.sql_text(f"macros/{name}.sql")) == [name], name


def test_save_raw_keeps_each_distinct_version(corpus_dir, tmp_path):
    old = read_study_file(corpus_dir / "studies" / "NCT02552212.json")
    new = read_study_file(corpus_dir / "studies" / "NCT02552212.snapshot-2024-01-03.json")
    con = db.connect(":memory:")
    db.apply_raw_schema(con)
    first = landing.save_raw(con, [stage(tmp_path, old, "a.ndjson")], "test", "ts1", T1)
    again = landing.save_raw(con, [stage(tmp_path, old, "b.ndjson")], "test", "ts1", T1)
    changed = landing.save_raw(con, [stage(tmp_path, new, "c.ndjson")], "test", "ts2", T2)
    assert (first.new, again.unchanged, changed.changed) == (1, 1, 1)
    rows = con.execute(
        "select data_timestamp, record->>'$.derivedSection.miscInfoModule.versionHolder'"
        " from raw_studies order by first_seen_at"
    ).fetchall()
    assert rows == [("ts1", "2023-12-12"), ("ts2", "2024-01-03")]
    con.execute(db.sql_text("tables/current_records.sql"))
    current = con.execute(
        "select s.versions, r.record->>'$.derivedSection.miscInfoModule.versionHolder'"
        " from current_records s join raw_studies r using (nct_id, content_hash)"
    ).fetchall()
    assert current == [(2, "2024-01-03")]


def test_save_raw_keeps_records_without_a_usable_nct_id_under_a_raw_key(tmp_path):
    # Upstream junk never fails a landing: each line is stored verbatim, keyed '?' + its hash
    # when it has no nctId (the rebuild quarantines it).
    path = tmp_path / "bad.ndjson"
    lines = ['{"protocolSection": {}}', '"a string"', "[1, 2]", "null",
             '{"protocolSection": {"identificationModule": {"nctId": 123}}}']  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    con = db.connect(":memory:")
    db.apply_raw_schema(con)
    stats = landing.save_raw(con, [path], "test", None, T1)
    assert stats.new == stats.received == 5
    rows = con.execute("select nct_id, record::varchar from raw_studies order by all").fetchall()
    keys = [k for k, _ in rows]
    assert "123" in keys
    assert sum(k.startswith("?") for k in keys) == 4
    assert sorted(r for _, r in rows) == sorted(lines)  # verbatim


def test_new_build_copies_raw_state_and_publish_swaps(corpus_dir, tmp_path):
    published = tmp_path / "trials.duckdb"
    studies = read_study_file(corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json")
    build = builds.new_build(published)
    con = db.connect(build)
    landing.save_raw(con, [stage(tmp_path, studies)], "test", None, T1)
    con.close()
    builds.publish(build, published)
    assert not build.exists()
    second = builds.new_build(published)
    con = db.connect(second)
    assert con.execute("select count(*) from raw_studies").fetchone()[0] == 10
    con.close()
    builds.discard(second)
    assert not second.exists()
    with duckdb.connect(str(published), read_only=True) as ro:
        assert ro.execute("select count(*) from raw_studies").fetchone()[0] == 10


def test_clone_file_is_a_separate_file_with_the_same_bytes(tmp_path):
    # A clone where the filesystem has them (XFS, btrfs), a copy elsewhere (ext4): either way
    # the build is its own file, and writing it never changes the published one.
    src, dst = tmp_path / "published", tmp_path / "build"
    data = bytes(range(256)) * 4096
    src.write_bytes(data)
    cloned = builds.clone_file(src, dst)
    assert isinstance(cloned, bool)
    assert dst.read_bytes() == data
    assert not dst.samefile(src)
    with open(dst, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"changed")
    assert src.read_bytes() == data


def test_reader_keeps_its_snapshot_while_publish_swaps(corpus_dir, tmp_path):
    published = tmp_path / "trials.duckdb"
    build = builds.new_build(published)
    builds.publish(build, published)
    reader = duckdb.connect(str(published), read_only=True)
    build = builds.new_build(published)
    con = db.connect(build)
    studies = read_study_file(corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json")
    landing.save_raw(con, [stage(tmp_path, studies)], "test", None, T1)
    con.close()
    builds.publish(build, published)
    assert reader.execute("select count(*) from raw_studies").fetchone()[0] == 0
    reader.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select count(*) from raw_studies").fetchone()[0] == 10


def test_second_refresh_is_refused_while_locked(tmp_path):
    published = tmp_path / "trials.duckdb"
    holder = builds.publish_lock(published)
    holder.__enter__()
    with (
        pytest.raises(builds.PublishLocked, match="another refresh"),
        builds.publish_lock(published),
    ):
        pass
    holder.__exit__(None, None, None)
    with builds.publish_lock(published):
        pass


def test_table_count_refuses_unknown_relations():
    con = db.connect(":memory:")
    with pytest.raises(ValueError):
        db.table_count(con, "studies; drop table x")


def test_save_raw_lands_a_version_repeated_in_one_file_once(corpus_dir, tmp_path):
    studies = read_study_file(corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json")
    # The API can repeat a study across pages: the same real record twice in one file, beside
    # two others, and one of the repeated record's twins arriving in a later file too.
    path = stage(tmp_path, [studies[0], studies[1], studies[0], studies[2]], "a.ndjson")
    later = stage(tmp_path, [studies[0]], "b.ndjson")
    con = db.connect(tmp_path / "t.duckdb")
    db.apply_raw_schema(con)
    stats = landing.save_raw(con, [path, later], "test", None, T1)
    assert (stats.received, stats.new) == (3, 3)
    rows = con.execute("select nct_id, count(*) from raw_studies group by all").fetchall()
    assert sorted(rows) == sorted((db_id(s), 1) for s in studies[:3])
    con.close()


@pytest.mark.parametrize("insert", [landing.INSERT_BY_LINE, landing.INSERT_BY_CONTENT])
def test_each_stored_record_is_the_line_its_keys_were_taken_from(
    insert, corpus_dir, tmp_path, monkeypatch
):
    # The second pass finds lines by their line hash (or, when two lines of a file share one,
    # by content hash): either way every record stored hashes to its own content_hash and
    # carries its own nctId, for every version in every file.
    monkeypatch.setattr(landing, "INSERT_BY_LINE", insert)
    studies = read_study_file(corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json")
    old = read_study_file(corpus_dir / "studies" / "NCT02552212.json")
    new = read_study_file(corpus_dir / "studies" / "NCT02552212.snapshot-2024-01-03.json")
    first = stage(tmp_path, studies + old, "a.ndjson")
    second = stage(tmp_path, studies[3:] + new, "b.ndjson")
    con = db.connect(":memory:")
    db.apply_raw_schema(con)
    landing.save_raw(con, [first], "test", None, T1)
    stats = landing.save_raw(con, [first, second], "test", None, T2)
    assert (stats.new, stats.changed) == (0, 1)
    rows = con.execute(
        "select count(*), count(*) filter (where md5(record::varchar) = content_hash"
        " and json_extract_string(record, '$.protocolSection.identificationModule.nctId')"
        " = nct_id) from raw_studies"
    ).fetchone()
    assert rows == (len(studies) + 2, len(studies) + 2)


def test_save_raw_records_query_hits_from_the_staged_keys(corpus_dir, tmp_path):
    studies = read_study_file(corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json")
    first = stage(tmp_path, studies[:6], "q1.ndjson")
    second = stage(tmp_path, studies[4:], "q2.ndjson")
    con = db.connect(":memory:")
    db.apply_raw_schema(con)
    hits = [landing.QueryHits("t", "q1", first), landing.QueryHits("t", "q2", second)]
    stats = landing.save_raw(con, [first, second], "test", None, T1, hits)
    assert stats.received == len({db_id(s) for s in studies}) == 10
    got = con.execute("select query_id, count(*) from raw_query_hits group by all order by 1")
    assert got.fetchall() == [("q1", 6), ("q2", 6)]
    with pytest.raises(ValueError, match="not being landed"):
        landing.save_raw(con, [first], "test", None, T1, [landing.QueryHits("t", "q2", second)])


def test_writers_attach_with_small_row_groups_and_refuse_quoted_paths(tmp_path):
    con = db.connect(tmp_path / "w.duckdb")
    con.execute("create table t as select range as i from range(10000)")
    groups = con.execute("select count(distinct row_group_id) from pragma_storage_info('t')")
    assert groups.fetchone()[0] == -(-10000 // db.ROW_GROUP_SIZE)
    spill = con.execute("select current_setting('temp_directory')").fetchone()[0]
    assert spill == str(tmp_path.resolve() / "w.duckdb.tmp")
    con.close()
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as ro:
        assert ro.execute("select count(*) from t").fetchone()[0] == 10000
    with pytest.raises(ValueError, match="contains"):
        db.connect(tmp_path / "it's.duckdb")
    assert not (tmp_path / "it's.duckdb").exists()


def test_table_row_groups_grow_with_the_registry_up_to_the_large_size():
    sizes = [db.table_row_group_size(n) for n in (0, 8192, 8193, 10_000, 50_000, 580_000)]
    assert sizes == [2048, 2048, 4096, 4096, 16384, db.TABLE_ROW_GROUP_SIZE]
    assert db.table_row_group_size(10**9) == db.TABLE_ROW_GROUP_SIZE


def test_table_writers_attach_with_larger_row_groups_and_leave_small_ones_alone(tmp_path):
    path = tmp_path / "w.duckdb"
    con = db.connect(path)  # as landing writes raw records
    db.apply_raw_schema(con)
    con.execute(
        "insert into raw_studies select 'NCT' || range, md5(range::varchar), null,"
        " now(), now(), 'test', '{}' from range(10000)"
    )
    con.execute("create table raw as select range as i, 'x' || range as s from range(10000)")
    con.close()
    con = db.connect_tables(path)  # as a rebuild writes tables
    try:
        con.execute("create table rebuilt as select range as i from range(30000)")
        con.execute("checkpoint")

        def groups(name):
            sql = "select count(distinct row_group_id) from pragma_storage_info(?)"
            return con.execute(sql, [name]).fetchone()[0]

        # Sized by the 10,000 stored versions: 4,096 rows a group.
        assert groups("rebuilt") == -(-30000 // db.table_row_group_size(10000)) == 8
        # Its checkpoints leave the raw table's small row groups as they are: DuckDB 1.5 and later
        # merge adjacent row groups smaller than the attached size, which rewrote GBs of JSON.
        assert groups("raw") == -(-10000 // db.ROW_GROUP_SIZE)
    finally:
        con.close()


def db_id(study):
    return study["protocolSection"]["identificationModule"]["nctId"]


def test_remove_stale_builds_clears_files_and_spill_directories(tmp_path):
    published = tmp_path / "trials.duckdb"
    build = builds.new_build(published)
    (tmp_path / f"{build.name}.wal").write_text("left by a killed run")
    spill = tmp_path / f"{build.name}.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_block-1.block").write_bytes(b"\0" * 16)
    side = tmp_path / f"{build.name}.{db.SIDE}"  # a full rebuild's study_parsed
    side.write_text("left by a killed run")
    removed = builds.remove_stale_builds(published)
    assert set(removed) == {build, build.with_name(build.name + ".wal"), spill, side}
    assert not list(tmp_path.glob(".trials.duckdb.build-*"))


def test_every_statement_file_is_run_by_the_code_and_every_one_run_exists():
    source = "\n".join(p.read_text() for p in (db.SQL_DIR.parent / "pipeline").rglob("*.py"))
    used = set(re.findall(r'db\.statement\(\s*"(\w+)"', source))
    used |= set(re.findall(r'(?<![\w.])statement\(\s*"(\w+)"', source))
    on_disk = {p.stem for p in (db.SQL_DIR / "statements").glob("*.sql")}
    assert used == on_disk
