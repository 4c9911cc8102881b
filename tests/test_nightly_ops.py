"""Nightly operations against the emulator: skip, incremental history, removals, gates, faults."""

import copy
import json
import math

import duckdb
import pytest
from conftest import served_ids
from realdata import published_outputs

from pipeline.config.topics import load_topic
from pipeline.emulator import FaultPlan
from pipeline.fetch.ctgov import PAGE_SLACK, PagingError
from pipeline.jobs.steps import ChecksFailed, GateFailed
from pipeline.warehouse import builds
from pipeline.warehouse.history import run_log_path

TOPIC = load_topic("leg-cramps")
NEXT_TIMESTAMP = "2026-11-25T09:00:03"


def query(tmp_path, sql, params=()):
    with duckdb.connect(str(tmp_path / "trials.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_full_resync_marks_vanished_study_removed_and_drops_it_from_the_list(
    refresh, emulator, tmp_path
):
    first = refresh()
    gone = first["top"]["leg-cramps"][0]["nct_id"]
    emulator.remove_study(gone)
    emulator.data_timestamp = NEXT_TIMESTAMP
    summary = refresh(full=True)
    assert summary["removed"] == 1
    assert summary["changes"]["removed"] == [{"topic": "leg-cramps", "nct_id": gone}]
    assert query(tmp_path, "select count(*) from study_overview where nct_id = ?", [gone]) == [(1,)]
    assert query(tmp_path, "select count(*) from top_trials where nct_id = ?", [gone]) == [(0,)]
    removal = query(tmp_path, "select removed_run_id from raw_removals where nct_id = ?", [gone])
    assert removal == [(summary["run_id"],)]
    export = json.loads((tmp_path / "site" / "top-trials" / "leg-cramps.json").read_text())
    assert gone not in {t["nct_id"] for t in export["trials"]}


def test_shrinking_topic_is_refused_unless_allowed(refresh, emulator, tmp_path):
    refresh()
    before = published_outputs(tmp_path)
    served = sorted(served_ids(emulator, TOPIC))
    for nct_id in served[: len(served) // 2]:
        emulator.remove_study(nct_id)
    emulator.data_timestamp = NEXT_TIMESTAMP
    with pytest.raises(GateFailed, match="--allow-shrink"):
        refresh(full=True)
    assert published_outputs(tmp_path) == before
    assert refresh(full=True, allow_shrink=True)["outcome"] == "published"


def test_second_refresh_refuses_while_one_runs(refresh, tmp_path):
    refresh()
    before = published_outputs(tmp_path)
    lock = builds.publish_lock(tmp_path / "trials.duckdb")
    lock.__enter__()
    with pytest.raises(builds.PublishLocked, match="another refresh is running"):
        refresh(force=True)
    lock.__exit__(None, None, None)
    assert published_outputs(tmp_path) == before


# Every transient fault the emulator has, four to a run: each group's run meets its four faults
# on searches 2, 5, 8 and 11 (of ten pages plus one retry per failed request), all on pages
# after a query's first, so "repeat" has a previous page to repeat.
TRANSIENT_FAULTS = {
    "refused": ["429", "429-no-retry-after", "403", "500"],
    "gateway-and-transport": ["502", "503", "reset", "stall"],
    "bodies-and-timing": ["truncate", "invalid-json", "slow", "repeat"],
}
NO_RETRY = {"repeat", "slow"}  # answered normally: nothing to retry


@pytest.mark.parametrize("faults", TRANSIENT_FAULTS.values(), ids=TRANSIENT_FAULTS)
def test_transient_faults_mid_fetch_still_publish_exactly_the_right_data(
    refresh, emulator, tmp_path, faults
):
    emulator.max_page_size = 4
    # Every fault is the emulator's doing: stall holds the request 1 s then drops it unanswered,
    # slow answers after 1 s. The client keeps its default 60 s read timeout, so no normal
    # answer can time out on a loaded machine.
    script = dict(zip((2, 5, 8, 11), faults, strict=True))
    emulator.faults = FaultPlan(script=script, stall_seconds=1)
    summary = refresh()
    emulator.faults = None
    # Request counting is exact on both sides: what the client counted is what the server saw.
    assert summary["requests"] == len(emulator.request_log)
    assert [r["fault"] for r in emulator.request_log if r["fault"]] == faults
    served = served_ids(emulator, TOPIC)
    assert {r[0] for r in query(tmp_path, "select nct_id from study_overview")} == served
    assert all(f["unique_received"] == f["total_count"] for f in summary["fetches"])
    # One /version request, one per page, one /studies/enums, and one retry per fault that
    # failed its request.
    retries = sum(fault not in NO_RETRY for fault in faults)
    assert summary["requests"] == 2 + sum(f["pages"] for f in summary["fetches"]) + retries
    repeated = sum(len(f["duplicates"]) for f in summary["fetches"])
    assert repeated == ("repeat" in faults)


@pytest.mark.parametrize("fault", ["same-token", "overrun"])
def test_endless_paging_fails_the_run_cleanly_after_bounded_requests(
    refresh, emulator, tmp_path, fault
):
    refresh()
    before = published_outputs(tmp_path)
    emulator.max_page_size = 4
    emulator.faults = FaultPlan(rates={fault: 1.0})
    emulator.reset_log()
    with pytest.raises(PagingError) as err:
        refresh(full=True)
    assert "\n" not in str(err.value) and emulator.base_url + "/studies?" in str(err.value)
    searches = sum(r["path"].endswith("/studies") for r in emulator.request_log)
    emulator.faults = None
    # Each query stops at its bound (2 requests for a repeated token): a few requests in all,
    # where the fetch would never end.
    pages = 2 if fault == "same-token" else math.ceil(len(served_ids(emulator, TOPIC)) / 4)
    assert 2 <= searches <= len(TOPIC.queries) * (pages + PAGE_SLACK + 1)
    assert published_outputs(tmp_path) == before
    runs = [json.loads(line) for line in run_log_path(tmp_path / "trials.duckdb").open()]
    assert runs[-1]["outcome"] == "failed" and "paging stopped" in runs[-1]["error"]


def test_empty_page_with_a_token_fails_cleanly(refresh, emulator, tmp_path):
    refresh()
    before = published_outputs(tmp_path)
    emulator.max_page_size = 4
    emulator.faults = FaultPlan(script={2: "empty-page"})
    with pytest.raises(ChecksFailed, match="fetch_count_mismatch"):
        refresh(full=True)
    assert published_outputs(tmp_path) == before
    runs = [json.loads(line) for line in run_log_path(tmp_path / "trials.duckdb").open()]
    assert runs[-1]["outcome"] == "failed" and runs[-1]["checks_failed"] == ["fetch_count_mismatch"]


def test_hostile_content_is_stored_verbatim_and_escaped_on_the_page(
    refresh, emulator, corpus_studies, tmp_path
):
    real = next(
        s for s in corpus_studies
        if s["protocolSection"]["identificationModule"]["nctId"] == "NCT03159260"
    )  # fmt: skip
    # SYNTHETIC variants built in code from a real nocturnal leg-cramp record.
    hostile = copy.deepcopy(real)
    ident = hostile["protocolSection"]["identificationModule"]
    ident["nctId"] = "NCT99000021"
    ident["briefTitle"] = "<script>alert('x')</script> Night-time Leg Cramps"
    ident["officialTitle"] = "'); drop table study_overview; -- \" Leg Cramps"
    hostile["protocolSection"]["descriptionModule"]["briefSummary"] = "cramp " * 200_000
    emulator.put_study(hostile)
    refresh()
    [(record, title, official, summary_len)] = query(
        tmp_path,
        "select r.record, t.brief_title, t.official_title, length(t.brief_summary)"
        " from current_records s join raw_studies r using (nct_id, content_hash)"
        " join study_overview t using (nct_id) where nct_id = 'NCT99000021'",
    )
    assert json.loads(record) == hostile
    assert title == ident["briefTitle"] and official == ident["officialTitle"]
    assert summary_len == 1_200_000
    page = (tmp_path / "site" / "inside-leg-cramps-cause.html").read_text()
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    assert query(tmp_path, "select count(*) from study_overview") > [(10,)]
