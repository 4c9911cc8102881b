"""Checks (sql/checks/) on the real corpus, and each check catching a planted fault."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from datetime import datetime

import duckdb
import pytest
from conftest import served_ids
from realdata import CORPUS, SEEN_AT, build_db, corpus_records

from pipeline.config.topics import ranked_topics
from pipeline.warehouse import db, landing


def checks(con: duckdb.DuckDBPyConnection) -> dict[str, db.CheckResult]:
    return {result.name: result for result in db.run_checks(con)}


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return corpus_records()


@pytest.fixture(scope="module")
def con(records, tmp_path_factory):
    con = build_db(list(records.values()), tmp_path_factory.mktemp("checks"))
    yield con
    con.close()


@contextlib.contextmanager
def planted(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in a transaction that is rolled back, so the shared database stays clean."""
    con.begin()
    try:
        yield con
    finally:
        con.rollback()


def test_check_files_cover_errors_and_warnings():
    names = {(name, severity) for name, severity, _ in db.check_files()}
    assert {
        ("duplicate_nct_ids", "error"),
        ("orphan_rows", "error"),
        ("fetch_count_mismatch", "error"),
        ("unknown_enum_values", "warning"),
        ("missing_required_fields", "warning"),
    } <= names


def test_error_checks_pass_on_the_real_corpus(con):
    failed = {r.name: r.rows[:3] for r in db.run_checks(con) if r.severity == "error" and r.rows}
    assert failed == {}


def test_real_corpus_has_no_unknown_enum_values(con):
    assert checks(con)["unknown_enum_values"].rows == []


def test_duplicate_study_row_is_caught(con):
    with planted(con):
        con.execute(
            "insert into study_overview select * from study_overview where nct_id = 'NCT04431453'"
        )
        result = checks(con)["duplicate_nct_ids"]
    assert not result.passed
    assert result.columns == ["table_name", "nct_id", "n_rows"]
    assert result.rows == [("study_overview", "NCT04431453", 2)]


def test_orphan_child_row_is_caught(con):
    with planted(con):
        con.execute(
            "insert into study_conditions by name select 'NCT99999999' as nct_id, 1 as ordinal, "
            "'Cramp' as name, 'cramp' as downcase_name"
        )
        result = checks(con)["orphan_rows"]
    assert result.rows == [("study_conditions", "NCT99999999", 1)]


def test_latest_fetch_short_of_total_count_is_caught(con):
    fetch = {
        "run_id": "r1",
        "topic": "leg-cramps",
        "query_id": "cond",
        "mode": "full",
        "since": None,
        "params": '{"query.cond": "cramp"}',
        "data_timestamp": "2026-01-05T09:00:05",
        "total_count": 412,
        "received": 400,
        "unique_received": 400,
        "pages": 1,
        "requests": 1,
        "fetched_at": datetime(2026, 1, 5, 10),
    }
    with planted(con):
        landing.save_fetch(con, fetch)
        # A complete older fetch of another query, superseded by a short one: only latest counts.
        landing.save_fetch(con, {**fetch, "query_id": "term", "unique_received": 412})
        landing.save_fetch(con, {**fetch, "run_id": "r2", "fetched_at": datetime(2026, 1, 6, 10)})
        result = checks(con)["fetch_count_mismatch"]
    assert [(r[0], r[1], r[2]) for r in result.rows] == [("leg-cramps", "cond", "r2")]
    assert "term" not in [r[1] for r in result.rows]


def test_fetch_mismatch_fixed_by_a_later_fetch_passes(con):
    fetch = {
        "run_id": "r1",
        "topic": "leg-cramps",
        "query_id": "cond",
        "mode": "full",
        "since": None,
        "params": "{}",
        "data_timestamp": None,
        "total_count": 412,
        "received": 400,
        "unique_received": 400,
        "pages": 1,
        "requests": 1,
        "fetched_at": datetime(2026, 1, 5, 10),
    }
    with planted(con):
        landing.save_fetch(con, fetch)
        landing.save_fetch(
            con, {**fetch, "run_id": "r2", "unique_received": 412, "fetched_at": SEEN_AT}
        )
        # No count from the server: nothing to compare.
        landing.save_fetch(con, {**fetch, "query_id": "term", "total_count": None})
        result = checks(con)["fetch_count_mismatch"]
    assert result.passed


def test_unknown_overall_status_is_reported(records, tmp_path):
    # Synthetic variant built in code from the real record NCT04431453: its overall status
    # replaced by a value outside the spec's Status enum.
    study = copy.deepcopy(records["NCT04431453"])
    study["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED_FOR_LUNCH"
    con = build_db([study], tmp_path)
    assert con.execute("select overall_status from study_overview").fetchone() == (
        "PAUSED_FOR_LUNCH",
    )
    result = checks(con)["unknown_enum_values"]
    assert result.severity == "warning"
    assert [r[:5] for r in result.rows] == [
        ("study_overview", "overall_status", "Status", "PAUSED_FOR_LUNCH", 1)
    ]


def test_transcribed_records_missing_fields_are_reported(con):
    result = checks(con)["missing_required_fields"]
    assert result.severity == "warning"
    missing = {row[0]: row[1] for row in result.rows}
    assert missing["NCT04694417"] == ["overall_status", "study_type"]
    assert missing["NCT04245540"] == ["brief_title"]
    assert "NCT04431453" not in missing
    assert "NCT03448536" not in missing  # completed from its registry page


# Demo transcriptions with a field the quarantine requires that no stored registry page states
# (corpus/transcribed/README.md, third pass): they stay quarantined until a page is found.
UNSOURCED_REQUIRED = {
    "NCT04694417": ["overall_status", "study_type"],
    "NCT05281289": ["study_type"],
}


def test_demo_transcriptions_have_every_field_the_quarantine_requires(con, emulator):
    demo = set().union(*(served_ids(emulator, topic) for topic in ranked_topics()))
    transcribed = {path.stem for path in (CORPUS / "transcribed").glob("NCT*.json")}
    ids = sorted(demo & transcribed)
    assert len(ids) == 15
    missing = dict(
        con.execute(
            "select nct_id, missing_required from study_overview"
            " where list_contains(?, nct_id) and len(missing_required) > 0",
            [ids],
        ).fetchall()
    )
    assert missing == UNSOURCED_REQUIRED
    quarantined = con.execute(
        "select distinct nct_id from quarantine"
        " where reason_code = 'missing_required' and list_contains(?, nct_id) order by 1",
        [ids],
    ).fetchall()
    assert [r[0] for r in quarantined] == sorted(UNSOURCED_REQUIRED)
