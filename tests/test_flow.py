"""The nightly flow end to end under Prefect's test harness, against the emulator."""

import duckdb
import pytest
import requests

from flows.nightly import nightly_refresh
from pipeline.ctgov import ApiUnavailable
from pipeline.emulator import FaultPlan
from pipeline.refresh import ChecksFailed
from pipeline.topics import load_topic


def distinct_ids_served(emu, topic):
    """Every distinct NCT id the emulator returns for the topic's queries, paged by hand."""
    ids = set()
    for query in topic.queries:
        token = None
        while True:
            params = dict(query.params, pageSize=1000)
            if token:
                params["pageToken"] = token
            body = requests.get(emu.base_url + "/studies", params=params, timeout=10).json()
            ids |= {s["protocolSection"]["identificationModule"]["nctId"] for s in body["studies"]}
            token = body.get("nextPageToken")
            if not token or not body["studies"]:
                break
    return ids


def run(emu, tmp_path, **kw):
    return nightly_refresh(
        base_url=emu.base_url,
        db_path=str(tmp_path / "trials.duckdb"),
        data_dir=str(tmp_path),
        min_interval=0,
        backoff=0,
        max_attempts=3,
        **kw,
    )


def test_nightly_flow_publishes_what_the_api_returns(prefect_harness, emulator, tmp_path):
    summary = run(emulator, tmp_path)
    served = distinct_ids_served(emulator, load_topic("leg-cramps"))
    with duckdb.connect(str(tmp_path / "trials.duckdb"), read_only=True) as con:
        studies = {r[0] for r in con.execute("select nct_id from studies").fetchall()}
        fetches = con.execute(
            "select query_id, total_count, unique_received from raw_fetches"
        ).fetchall()
        topics = con.execute("select count(distinct nct_id) from study_topics").fetchone()[0]
    assert studies == served and len(served) > 10
    assert topics == len(served)
    assert {q for q, _, _ in fetches} == {q.id for q in load_topic("leg-cramps").queries}
    assert all(total == got for _, total, got in fetches)
    assert summary["tables"]["studies"] == len(served)
    assert summary["data_timestamp"] == emulator.data_timestamp
    # Transcribed records lacking status, type or title are loaded and reported.
    assert summary["warnings"]["missing_required_fields"]
    assert not (tmp_path / "staging" / summary["run_id"]).exists()
    assert not list(tmp_path.glob(".trials.duckdb.build-*"))


def test_failed_runs_leave_the_published_file_untouched(prefect_harness, emulator, tmp_path):
    run(emulator, tmp_path)
    published = tmp_path / "trials.duckdb"
    before = published.read_bytes()

    emulator.faults = FaultPlan(script={n: "503" for n in range(1, 20)})
    with pytest.raises(ApiUnavailable):
        run(emulator, tmp_path)
    assert published.read_bytes() == before

    emulator.max_page_size = 4
    emulator.faults = FaultPlan(script={2: "empty-page"})
    with pytest.raises(ChecksFailed, match="fetch_count_mismatch"):
        run(emulator, tmp_path)
    assert published.read_bytes() == before
    assert not list(tmp_path.glob(".trials.duckdb.build-*"))
