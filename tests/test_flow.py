"""The nightly flow end to end under Prefect's test harness, against the emulator."""

import duckdb
import pytest
from conftest import served_ids

from pipeline.ctgov import ApiUnavailable
from pipeline.emulator import FaultPlan
from pipeline.steps import ChecksFailed
from pipeline.topics import load_topic


def test_nightly_flow_publishes_what_the_api_returns(run_nightly, emulator, tmp_path):
    summary = run_nightly(build_dashboard=True)
    requests_made = len(emulator.request_log)
    served = served_ids(emulator, load_topic("leg-cramps"))
    with duckdb.connect(str(tmp_path / "trials.duckdb"), read_only=True) as con:
        studies = {r[0] for r in con.execute("select nct_id from studies").fetchall()}
        fetches = con.execute(
            "select query_id, total_count, unique_received from raw_fetches"
        ).fetchall()
        topics = con.execute("select count(distinct nct_id) from study_topics").fetchone()[0]
        runs = con.execute("select outcome, mode, requests from pipeline_runs").fetchall()
    assert studies == served and len(served) > 10
    assert topics == len(served)
    assert {q for q, _, _ in fetches} == {q.id for q in load_topic("leg-cramps").queries}
    assert all(total == got for _, total, got in fetches)
    assert summary["tables"]["studies"] == len(served)
    assert summary["data_timestamp"] == emulator.data_timestamp
    assert runs == [("published", "full", requests_made)] and requests_made == 5
    # Transcribed records lacking status, type or title are loaded and reported.
    assert summary["warnings"]["missing_required_fields"]
    # Staging lives beside the database (one folder per database) and is gone once published.
    assert not (tmp_path / ".trials.duckdb.staging").exists()
    # Transcribed records lacking status, type or title are also quarantined with the reason.
    assert "quarantined_records" in summary["warnings"]
    assert not list(tmp_path.glob(".trials.duckdb.build-*"))
    assert (tmp_path / "site" / "top-trials" / "leg-cramps.json").exists()
    assert "<svg" in (tmp_path / "site" / "dashboard.html").read_text()


def test_failed_runs_leave_the_published_file_untouched(run_nightly, emulator, tmp_path):
    run_nightly()
    published = tmp_path / "trials.duckdb"
    before = published.read_bytes()

    emulator.faults = FaultPlan(script={n: "503" for n in range(1, 20)})
    with pytest.raises(ApiUnavailable):
        run_nightly(force=True)
    assert published.read_bytes() == before

    emulator.max_page_size = 4
    emulator.faults = FaultPlan(script={2: "empty-page"})
    with pytest.raises(ChecksFailed, match="fetch_count_mismatch"):
        run_nightly(full=True)
    assert published.read_bytes() == before
    assert not list(tmp_path.glob(".trials.duckdb.build-*"))
