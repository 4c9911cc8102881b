"""Run planning, removals, the run log and the history views, as plain functions on DuckDB."""

import copy
from datetime import date, datetime, timedelta

import duckdb
import pytest
from realdata import land_records

from pipeline.config.topics import TopicQuery, load_topic
from pipeline.core.files import write_ndjson
from pipeline.fetch.records import read_study_file
from pipeline.jobs import planning, steps
from pipeline.warehouse import db, history, landing

NOW = datetime(2026, 11, 25, 15, 30)
TS = "2026-11-24T09:00:05"


def state(**kw):
    return {"leg-cramps": planning.TopicState("leg-cramps", **kw)}


def test_first_load_is_full():
    [plan] = planning.plan_topics(state(), TS, NOW)
    assert plan.mode == "full"


def test_unchanged_data_timestamp_skips_unless_forced():
    s = state(data_timestamp=TS, last_full_at=NOW - timedelta(days=1), members=10)
    assert planning.plan_topics(s, TS, NOW)[0].mode == "skip"
    forced = planning.plan_topics(s, TS, NOW, force=True)[0]
    assert forced.mode == "incremental" and forced.since == date(2026, 11, 23)


def test_new_data_is_fetched_incrementally_from_the_day_before_the_last_load():
    s = state(data_timestamp=TS, last_full_at=NOW - timedelta(days=2), members=10)
    [plan] = planning.plan_topics(s, "2026-11-25T09:00:02", NOW)
    assert (plan.mode, plan.since) == ("incremental", date(2026, 11, 23))


@pytest.mark.parametrize("days, mode", [(6, "incremental"), (7, "full"), (30, "full")])
def test_full_resync_weekly_by_default(days, mode):
    s = state(data_timestamp=TS, last_full_at=NOW - timedelta(days=days), members=10)
    assert planning.plan_topics(s, "2026-11-25T09:00:02", NOW)[0].mode == mode


def test_full_flag_forces_a_resync_even_on_unchanged_data():
    s = state(data_timestamp=TS, last_full_at=NOW, members=10)
    assert planning.plan_topics(s, TS, NOW, full=True)[0].mode == "full"


def test_incremental_window_is_anded_with_an_existing_advanced_filter():
    plan = planning.TopicPlan("t", "incremental", date(2026, 11, 23))
    plain = planning.query_params(TopicQuery("q", {"query.cond": "cramp"}), plan)
    assert plain == {
        "query.cond": "cramp",
        "filter.advanced": "AREA[LastUpdatePostDate]RANGE[2026-11-23,MAX]",
    }
    combined = planning.query_params(
        TopicQuery("q", {"filter.advanced": "AREA[Phase]PHASE3"}), plan
    )
    assert combined["filter.advanced"] == (
        "(AREA[Phase]PHASE3) AND AREA[LastUpdatePostDate]RANGE[2026-11-23,MAX]"
    )
    full = planning.query_params(
        TopicQuery("q", {"query.cond": "cramp"}), planning.TopicPlan("t", "full")
    )
    assert full == {"query.cond": "cramp"}


def hits(con, tmp_path, ids, seen_at, name):
    studies = [{"protocolSection": {"identificationModule": {"nctId": n}}} for n in ids]
    path = tmp_path / f"{name}.ndjson"
    write_ndjson(studies, path)
    landing.save_raw(
        con, [path], "test", None, seen_at, [landing.QueryHits("leg-cramps", "q", path)]
    )


def test_full_resync_marks_missing_members_removed_and_restores_returning_ones(tmp_path):
    con = db.connect(":memory:")
    db.apply_raw_schema(con)
    t1, t2, t3 = NOW, NOW + timedelta(days=7), NOW + timedelta(days=14)
    hits(con, tmp_path, ["NCT00000001", "NCT00000002", "NCT00000003"], t1, "a")
    assert history.mark_removals(con, "leg-cramps", "r1", t1, TS) == (0, 0)
    hits(con, tmp_path, ["NCT00000001", "NCT00000002"], t2, "b")
    assert history.mark_removals(con, "leg-cramps", "r2", t2, TS) == (1, 0)
    assert history.mark_removals(con, "leg-cramps", "r2b", t2, TS) == (0, 0)
    hits(con, tmp_path, ["NCT00000001", "NCT00000002", "NCT00000003"], t3, "c")
    assert history.mark_removals(con, "leg-cramps", "r3", t3, TS) == (0, 1)
    rows = con.execute("select nct_id, removed_run_id, restored_at from raw_removals").fetchall()
    assert rows == [("NCT00000003", "r2", t3)]


def test_run_log_reaches_pipeline_runs_once(tmp_path):
    published = tmp_path / "trials.duckdb"
    skipped = history.RunRecord("r1", NOW.isoformat(), "skipped", mode="skip", requests=1)
    failed = history.RunRecord("r2", NOW.isoformat(), "failed", error="ApiUnavailable: x")
    history.append_run_log(published, skipped)
    history.append_run_log(published, failed)
    with history.run_log_path(published).open("a") as fh:
        fh.write('{"run_id": "cut sho')  # a line cut short by a crash is ignored
    con = db.connect(":memory:")
    db.apply_raw_schema(con)
    assert history.load_run_log(con, published) == 2
    assert history.load_run_log(con, published) == 0
    rows = con.execute("select run_id, outcome, error from pipeline_runs order by 1").fetchall()
    assert rows == [("r1", "skipped", None), ("r2", "failed", "ApiUnavailable: x")]


@pytest.mark.integration  # seconds, not milliseconds: out of make test-fast
def test_status_and_rank_changes_between_versions(corpus_dir, tmp_path):
    real = read_study_file(corpus_dir / "transcribed" / "NCT05547750.json")[0]
    # A SYNTHETIC second version built in code from the real record: status and date moved on.
    later = copy.deepcopy(real)
    later["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    path = tmp_path / "t.duckdb"
    topics = [load_topic("leg-cramps")]
    land_records(path, [real], tmp_path / "a.ndjson", "test")
    steps.rebuild_tables(path, topics)
    con = duckdb.connect(str(path))
    landing.save_ranking(con, "run-1", NOW)
    con.close()
    land_records(path, [later], tmp_path / "b.ndjson", "test")
    steps.rebuild_tables(path, topics)
    con = duckdb.connect(str(path))
    landing.save_ranking(con, "run-2", NOW + timedelta(days=1))
    changes = con.execute("select nct_id, old_status, new_status from status_changes").fetchall()
    assert changes == [("NCT05547750", "ENROLLING_BY_INVITATION", "COMPLETED")]
    ranks = con.execute(
        "select nct_id, old_rank, new_rank, movement from rank_changes where run_id = 'run-2'"
    ).fetchall()
    assert ranks == [("NCT05547750", 1, 1, "same")]
