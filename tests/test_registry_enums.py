"""The registry's enums (GET /studies/enums) are recorded every run that fetches and are the
vocabulary unknown values are checked against; the spec's sets are the fallback (issue 14).

These call pipeline.jobs.run.refresh_run (no Prefect) against the emulator over HTTP. The registry
that adds a status is SYNTHETIC: the emulator serves the spec's enums plus one Status value,
built in code, and a real corpus record is changed in code to carry it.
"""

import copy
from pathlib import Path

import duckdb
import pytest
from realdata import run_options, sql

from pipeline.emulator import Emulator, FaultPlan, catalog
from pipeline.jobs import run

NEXT_TIMESTAMP = "2026-11-25T09:00:04"
# SYNTHETIC: a status neither the spec nor the registry has.
NEW_STATUS = "ON_HOLD"
ENUMS = "/studies/enums"


def enums_requests(emu) -> int:
    return sum(r["path"].endswith(ENUMS) for r in emu.request_log)


@pytest.fixture(scope="module")
def ranked_id(corpus_db) -> str:
    """The NCT id the leg-cramps list ranks first on the bundled corpus."""
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        [(nct_id,)] = con.execute(
            "select nct_id from top_trials where topic = 'leg-cramps' and rank = 1"
        ).fetchall()
    return nct_id


def registry_adding(value: str) -> list[dict]:
    """SYNTHETIC: the spec's /studies/enums body with one more Status value, built in code."""
    body = copy.deepcopy(catalog.enums_body())
    [status] = [e for e in body if e["type"] == "Status"]
    status["values"].append({"value": value, "legacyValue": "On hold"})
    return body


def reasons(published: Path, nct_id: str) -> list[tuple]:
    return sql(
        published,
        "select reason_code, reason from quarantine where nct_id = ? order by 1",
        [nct_id],
    )


def unknown_values(result) -> list:
    return [r[3] for r in result.warnings.get("unknown_enum_values", [])]


def test_a_status_the_registry_adds_is_new_not_unknown_and_the_spec_is_the_fallback(
    corpus_studies, ranked_id, tmp_path
):
    record = copy.deepcopy(
        next(
            s
            for s in corpus_studies
            if s["protocolSection"]["identificationModule"]["nctId"] == ranked_id
        )
    )
    record["protocolSection"]["statusModule"]["overallStatus"] = NEW_STATUS  # SYNTHETIC
    published = tmp_path / "trials.duckdb"
    failing = FaultPlan(rates={"500": 1.0}, endpoint=ENUMS)
    with Emulator(corpus_studies) as emu:
        emu.put_study(record)
        emu.enums = registry_adding(NEW_STATUS)

        # The endpoint fails (500 on every attempt): the run publishes on the spec's sets,
        # the value is unknown, and the run's warnings say the registry's enums are missing.
        emu.faults = failing
        first = run.refresh_run(run_options(emu, tmp_path))
        assert first.outcome == "published" and enums_requests(emu) == 3
        assert first.warnings["registry_enums_unavailable"] == [
            [first.run_id, first.data_timestamp, "spec 2.0.5"]
        ]
        assert sql(
            published, "select warnings from pipeline_runs where run_id = ?", [first.run_id]
        )[0][0] == sorted(first.warnings)
        assert sql(published, "select count(*) from raw_enums") == [(0,)]
        assert [code for code, _ in reasons(published, ranked_id)] == ["unknown_value"]
        assert unknown_values(first) == [NEW_STATUS]

        # The registry answers: its enums are recorded with the run and its data timestamp.
        emu.faults = None
        emu.data_timestamp = NEXT_TIMESTAMP
        emu.reset_log()
        second = run.refresh_run(run_options(emu, tmp_path))
        assert second.outcome == "published" and enums_requests(emu) == 1
        rows = sql(published, "select run_id, data_timestamp, enum_type, value from raw_enums")
        served = {(e["type"], v["value"]) for e in emu.enums for v in e["values"]}
        assert {(t, v) for _, _, t, v in rows} == served and len(rows) == len(served)
        assert {(r, ts) for r, ts, _, _ in rows} == {(second.run_id, NEXT_TIMESTAMP)}
        sources = dict(
            sql(published, "select enum_name, any_value(source) from enum_values group by 1")
        )
        assert sources["Status"] == "registry " + NEXT_TIMESTAMP
        # The registry's enums leave out the stats types: the spec still has them.
        assert sources["FieldStatsType"] == "spec 2.0.5"
        # It lists the value, so the value is no longer unknown. The export's vocabulary (the
        # spec's, as in schemas/top-trials.v1) still lacks it: it stays withheld, as new.
        [(code, reason)] = reasons(published, ranked_id)
        assert code == "new_value" and f"registry {NEXT_TIMESTAMP}" in reason
        assert "spec 2.0.5" in reason
        assert NEW_STATUS not in unknown_values(second)
        assert "registry_enums_unavailable" not in second.warnings
        assert ranked_id not in {t["nct_id"] for t in second.docs[0]["trials"]}

        # A skip fetches nothing, enums included.
        emu.reset_log()
        assert run.refresh_run(run_options(emu, tmp_path)).outcome == "skipped"
        assert enums_requests(emu) == 0

        # It fails again: the last recorded registry enums stay in use, and the run says so.
        emu.faults = failing
        third = run.refresh_run(run_options(emu, tmp_path, force=True))
        assert third.outcome == "published"
        [[run_id, _, source]] = third.warnings["registry_enums_unavailable"]
        assert run_id == third.run_id and f"registry {NEXT_TIMESTAMP}" in source
        assert [code for code, _ in reasons(published, ranked_id)] == ["new_value"]
        assert NEW_STATUS not in unknown_values(third)
