"""Crash safety: killed refreshes leave a working published state; readers see whole snapshots."""

import copy
import json
import multiprocessing
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.publish.export_validation import validate_export
from pipeline.warehouse import db

NEXT_TIMESTAMP = "2026-11-25T09:00:03"


CRASHING_RUN = Path(__file__).with_name("crashing_run.py")


def refresh_in_child(emulator, tmp_path, crash_at, *extra):
    """Run a refresh in a child that SIGKILLs itself at `crash_at` (tests/crashing_run.py)."""
    cmd = [sys.executable, str(CRASHING_RUN), emulator.base_url, str(tmp_path), crash_at, *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def assert_published_state_is_whole(tmp_path):
    published = tmp_path / "trials.duckdb"
    with duckdb.connect(str(published), read_only=True) as con:
        failed = [c.name for c in db.run_checks(con) if c.severity == "error" and not c.passed]
        assert failed == []
        assert con.execute("select count(*) from top_trials").fetchone()[0] > 0
    export = json.loads((tmp_path / "site" / "top-trials" / "leg-cramps.v2.json").read_text())
    validate_export(export)


@pytest.mark.parametrize("phase", ["fetch", "rebuild", "publish"])
def test_killed_refresh_leaves_a_working_state_and_the_next_run_completes(
    refresh, emulator, tmp_path, phase
):
    refresh()
    published = tmp_path / "trials.duckdb"
    before = published.read_bytes()
    emulator.data_timestamp = NEXT_TIMESTAMP
    child = refresh_in_child(emulator, tmp_path, phase, "--full")
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    if phase == "publish":
        # Killed right after the database swap, before the exports: both stay usable.
        assert published.read_bytes() != before
    else:
        assert published.read_bytes() == before
    assert_published_state_is_whole(tmp_path)
    summary = refresh(force=True)
    assert summary["outcome"] == "published"
    assert not list(tmp_path.glob(".trials.duckdb.build-*"))
    assert_published_state_is_whole(tmp_path)


def read_in_loop(path, stop, results):
    """Open the published file read-only again and again; record any error or torn snapshot.

    Between reads it waits up to 20 ms for the stop event (ending at once when it is set), so the
    reader samples the file ~50 times a second instead of keeping a core busy for the whole test.
    """
    reads, runs, problems = 0, set(), []
    while reads == 0 or not stop.wait(0.02):
        try:
            with duckdb.connect(path, read_only=True) as con:
                studies, records, ranked_unknown, run_id, ranking_run = con.execute(
                    """
                    select
                        (select count(*) from study_overview),
                        (select count(*) from current_records),
                        (select count(*) from top_trials anti join study_overview using (nct_id)),
                        (select max(run_id) from pipeline_runs where outcome = 'published'),
                        (select max(run_id) from raw_rankings)
                    """
                ).fetchone()
            reads += 1
            runs.add(run_id)
            if studies != records or ranked_unknown or run_id != ranking_run:
                problems.append((studies, records, ranked_unknown, run_id, ranking_run))
        except Exception as exc:  # the test's whole point is to see any error at all
            problems.append(repr(exc))
    results.put({"reads": reads, "runs": sorted(runs), "problems": problems[:5]})


def test_reader_sees_whole_snapshots_during_refreshes(refresh, emulator, corpus_studies, tmp_path):
    refresh()
    ctx = multiprocessing.get_context("spawn")
    stop, results = ctx.Event(), ctx.Queue()
    reader = ctx.Process(target=read_in_loop, args=(str(tmp_path / "trials.duckdb"), stop, results))
    reader.start()
    try:
        study = copy.deepcopy(corpus_studies[0])
        for n, status in enumerate(["SUSPENDED", "RECRUITING", "COMPLETED"], start=1):
            # SYNTHETIC versions of a real record, built in code, so each refresh changes data.
            study = copy.deepcopy(study)
            study["protocolSection"]["statusModule"]["overallStatus"] = status
            emulator.put_study(study)
            emulator.data_timestamp = f"2026-11-2{4 + n}T09:00:00"
            refresh(full=True)
    finally:
        stop.set()
        outcome = results.get(timeout=60)
        reader.join(timeout=60)
    assert outcome["problems"] == []
    assert outcome["reads"] > 3
    assert len(outcome["runs"]) >= 2, outcome
