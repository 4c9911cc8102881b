"""The nightly flow end to end under Prefect: on the session's Prefect test server (one per test
run: make test keeps a file on one worker, so every test that needs that server lives here).
Prefect is imported inside the tests: collecting this file (every worker does) stays cheap."""

import json
import os
import signal

import duckdb
import pytest
from conftest import served_ids
from realdata import (
    cli,
    one_error_line,
    published_outputs,
    run_options,
    sql,
    stopped_version,
)

from pipeline.config.topics import load_topic
from pipeline.emulator import FaultPlan
from pipeline.fetch.ctgov import ApiUnavailable
from pipeline.jobs import run, sitesync
from pipeline.jobs.steps import ChecksFailed
from pipeline.warehouse.history import run_log_path

TOPIC = load_topic("leg-cramps")
NEXT_TIMESTAMP = "2026-11-25T09:00:03"


def test_nightly_flow_publishes_what_the_api_returns(run_nightly, emulator, tmp_path):
    summary = run_nightly(build_dashboard=True, build_snapshot=True)
    requests_made = len(emulator.request_log)
    served = served_ids(emulator, load_topic("leg-cramps"))
    with duckdb.connect(str(tmp_path / "trials.duckdb"), read_only=True) as con:
        studies = {r[0] for r in con.execute("select nct_id from study_overview").fetchall()}
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
    # The snapshot of the ctgov tables, from this run (pipeline.jobs.snapshotsync, a task too).
    assert summary["snapshot"] == str(tmp_path / "snapshot")
    [(run_id, ctgov_studies)] = sql(
        tmp_path / "trials.duckdb",
        "select run_id, (select count(*) from ctgov.studies) from pipeline_runs",
    )
    manifest = json.loads((tmp_path / "snapshot" / "manifest.json").read_text())
    assert manifest["run_id"] == run_id and manifest["tables"]["studies"]["rows"] == ctgov_studies


def test_failed_runs_leave_the_published_file_untouched(run_nightly, refresh, emulator, tmp_path):
    refresh()  # the published state the failing flows start from (plain run: same outputs)
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


def latest_summary_artifact():
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        [artifact] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["run-summary"])),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
        )
    return artifact.data


def test_second_run_on_unchanged_data_skips_and_touches_nothing(
    run_nightly, refresh, emulator, tmp_path
):
    refresh()  # the published state (plain run: the same outputs as the flow's)
    before = published_outputs(tmp_path)
    emulator.reset_log()
    summary = run_nightly()
    assert summary["outcome"] == "skipped"
    assert [r["path"] for r in emulator.request_log] == ["/api/v2/version"]
    assert published_outputs(tmp_path) == before
    logged = [json.loads(line) for line in run_log_path(tmp_path / "trials.duckdb").open()]
    assert [r["outcome"] for r in logged] == ["published", "skipped"]
    assert "skipped" in latest_summary_artifact()
    forced = run_nightly(force=True)
    assert forced["outcome"] == "published" and forced["mode"] == "incremental"
    runs = sql(tmp_path / "trials.duckdb", "select outcome from pipeline_runs order by started_at")
    assert runs == [("published",), ("skipped",), ("published",)]


def test_one_changed_study_is_recorded_exactly_in_history_and_artifact(
    run_nightly, refresh, emulator, corpus_studies, tmp_path
):
    refresh()  # the published state the flow's incremental run starts from
    changed = stopped_version(corpus_studies, "NCT02423395")  # SYNTHETIC, see realdata.py
    emulator.put_study(changed)
    emulator.data_timestamp = NEXT_TIMESTAMP

    summary = run_nightly()
    assert summary["mode"] == "incremental"
    assert summary["landed"] == {"received": 1, "new": 0, "changed": 1, "unchanged": 0}
    assert [f["since"] for f in summary["fetches"]] == ["2026-11-23"] * len(TOPIC.queries)
    assert summary["changes"]["status_changes"] == [
        {"nct_id": "NCT02423395", "old_status": "RECRUITING", "new_status": "COMPLETED"}
    ]
    assert summary["changes"]["changed"] == [{"nct_id": "NCT02423395", "version": 2}]
    assert summary["changes"]["new"] == [] and summary["changes"]["removed"] == []
    published = tmp_path / "trials.duckdb"
    history = sql(published, "select nct_id, old_status, new_status from status_changes")
    assert history == [("NCT02423395", "RECRUITING", "COMPLETED")]
    moved = sql(
        tmp_path / "trials.duckdb",
        "select nct_id, old_rank, new_rank from rank_changes where movement <> 'same'"
        " and nct_id = 'NCT02423395'",
    )
    assert moved and moved[0][1] < moved[0][2]
    artifact = latest_summary_artifact()
    assert "status change: NCT02423395 RECRUITING -> COMPLETED" in artifact
    assert "changed studies (1): NCT02423395" in artifact
    versions = sql(published, "select count(*) from raw_studies where nct_id = 'NCT02423395'")
    assert versions == [(2,)]


def test_a_failure_after_the_database_publish_ends_the_prefect_run_failed(run_nightly, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import FlowRunSort

    site = tmp_path / "site"
    site.mkdir()
    (site / "top-trials").write_text("in the way")
    with pytest.raises(sitesync.SitePublishFailed):
        run_nightly()
    with get_client(sync_client=True) as client:
        [flow_run] = client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=1)
    assert flow_run.state.is_failed()
    [logged] = [json.loads(line) for line in run_log_path(tmp_path / "trials.duckdb").open()]
    assert logged["outcome"] == "published-site-failed"


def _file_size_limit(limit: int):
    def apply() -> None:
        import resource

        # Writes past the limit fail with EFBIG ("File too large") instead of killing the
        # process, as on a disk that fills up while the build is copied.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_while_copying_the_build_is_one_line_and_changes_nothing(
    emulator, tmp_path, prefect_harness
):
    from prefect.settings import PREFECT_API_URL

    published = tmp_path / "trials.duckdb"
    run.refresh_run(run_options(emulator, tmp_path))
    before = published.read_bytes()
    emulator.data_timestamp = NEXT_TIMESTAMP
    # The session's Prefect server, so the child does not start one of its own.
    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value())
    child = cli("refresh", "--base-url", emulator.base_url, "--data-dir", str(tmp_path),
                "--min-interval", "0", "--backoff", "0", "--no-progress",
                capture_output=True, env=env,
                preexec_fn=_file_size_limit(len(before) // 2))  # fmt: skip
    assert child.returncode == 2, child.stderr[-2000:]
    [line] = child.stderr.strip().splitlines()
    assert line.startswith("error:") and "build" in line and "File too large" in line, line
    assert published.read_bytes() == before
    assert not list(tmp_path.glob(".trials.duckdb.build-*"))


@pytest.mark.e2e  # a child process through Prefect: left out of make test-fast
def test_a_failed_flow_run_is_one_line_and_the_run_log_keeps_the_traceback(
    tmp_path, prefect_harness
):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.settings import PREFECT_API_URL

    # An empty corpus: the emulator serves no study, so the flow fails inside Prefect at the
    # empty-list gate. The child runs on the session's Prefect test server (starting one of its
    # own costs a child ~15 s); the CLI's own Prefect defaults are tested above.
    (tmp_path / "corpus").mkdir()
    data_dir = tmp_path / "d"
    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value())
    done = cli("demo", "--data-dir", str(data_dir), "--corpus", str(tmp_path / "corpus"),
               "--no-progress", capture_output=True, env=env)  # fmt: skip
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert "ranked list is empty" in line
    assert "Traceback" not in done.stdout
    # The flow run's log in Prefect has the full traceback.
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs()
        # Runs of other tests (and of older code, without options) share the test server.
        mine = [
            r for r in runs if (r.parameters.get("options") or {}).get("data_dir") == str(data_dir)
        ]
        [flow_run] = mine
        assert flow_run.state.is_failed()
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run.id])))
    messages = [log.message for log in logs]
    assert any("Traceback" in m and "ranked list is empty" in m for m in messages)
