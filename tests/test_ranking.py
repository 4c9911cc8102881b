"""Relevance tiers, the explained score and the ranking, on the real corpus in a real DuckDB."""

import copy
import csv

import pytest
from realdata import CORPUS, build_db, corpus_records

from pipeline.publish import export
from pipeline.warehouse import history, landing

OPEN = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}


def variant(study, nct_id, status=None, phases=None, enrollment=None):
    """A SYNTHETIC copy of a real record (built in code, not registry data) with one change."""
    out = copy.deepcopy(study)
    out["protocolSection"]["identificationModule"]["nctId"] = nct_id
    if status:
        out["protocolSection"]["statusModule"]["overallStatus"] = status
    if phases:
        out["protocolSection"].setdefault("designModule", {})["phases"] = phases
    if enrollment:
        count, kind = enrollment
        design = out["protocolSection"].setdefault("designModule", {})
        design["enrollmentInfo"] = {"count": count, "type": kind}
    return out


@pytest.fixture(scope="module")
def corpus_con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ranking")
    real = corpus_records()
    base = real["NCT03159260"]  # a real nocturnal leg-cramp trial (COMPLETED, phase NA)
    synthetic = [
        variant(base, "NCT99000001", status="RECRUITING"),
        variant(base, "NCT99000002", status="COMPLETED"),
        variant(base, "NCT99000003", status="COMPLETED", phases=["PHASE3"]),
        variant(base, "NCT99000004", status="COMPLETED", phases=["PHASE1"]),
        variant(base, "NCT99000005", status="RECRUITING", enrollment=(1, "ESTIMATED")),
        variant(base, "NCT99000006", status="COMPLETED", enrollment=(1, "ACTUAL")),
    ]
    con = build_db(list(real.values()) + synthetic, tmp)
    yield con
    con.close()


def transcribed_index():
    with (CORPUS / "transcribed" / "INDEX.tsv").open() as fh:
        return {r["nct_id"]: r["relevance"] for r in csv.DictReader(fh, delimiter="\t")}


EXPECTED_TIER = {
    "leg_cramps": "primary",
    "muscle_cramps_other_site": "secondary",
    "near_miss": "excluded",
}


@pytest.mark.parametrize("nct_id, relevance", sorted(transcribed_index().items()))
def test_transcribed_trials_get_the_tier_of_their_registry_relevance(corpus_con, nct_id, relevance):
    tier, reason = corpus_con.execute(
        "select tier, reason from study_relevance where topic = 'leg-cramps' and nct_id = ?",
        [nct_id],
    ).fetchone()
    assert tier == EXPECTED_TIER[relevance]
    assert reason
    if tier == "excluded":
        ranked = corpus_con.execute("select count(*) from top_trials where nct_id = ?", [nct_id])
        assert ranked.fetchone()[0] == 0


@pytest.mark.parametrize(
    "nct_id, reason",
    [
        ("NCT05803083", "topic terms named only in the eligibility criteria"),
        ("NCT03448536", "near miss: dysmenorrhea"),
        ("NCT00280280", "near miss: spasticity"),
    ],
)
def test_hard_negatives_are_excluded_with_their_reason(corpus_con, nct_id, reason):
    row = corpus_con.execute(
        "select tier, reason from study_relevance where nct_id = ?", [nct_id]
    ).fetchone()
    assert row == ("excluded", reason)


def test_adverse_event_only_mention_is_excluded(corpus_con):
    # NCT02513394 lists "Muscle spasms" only as an adverse event in its results.
    row = corpus_con.execute(
        "select tier from study_relevance where nct_id = 'NCT02513394'"
    ).fetchone()
    assert row == ("excluded",)


def test_recruiting_copy_outranks_completed_copy(corpus_con):
    rows = dict(
        corpus_con.execute(
            "select nct_id, rank from top_trials where nct_id in ('NCT99000001', 'NCT99000002')"
        ).fetchall()
    )
    assert rows["NCT99000001"] < rows["NCT99000002"]
    comps = dict(
        corpus_con.execute(
            "select nct_id, components from top_trials"
            " where nct_id in ('NCT99000001', 'NCT99000002')"
        ).fetchall()
    )
    diff = {k for k in comps["NCT99000001"] if comps["NCT99000001"][k] != comps["NCT99000002"][k]}
    assert diff == {"status"}


def test_phase_3_copy_outranks_phase_1_copy(corpus_con):
    rows = dict(
        corpus_con.execute(
            "select nct_id, rank from top_trials where nct_id in ('NCT99000003', 'NCT99000004')"
        ).fetchall()
    )
    assert rows["NCT99000003"] < rows["NCT99000004"]


def test_open_trials_lead_and_every_row_is_explained(corpus_con):
    rows = corpus_con.execute(
        "select rank, overall_status, reasons, score, components from top_trials order by rank"
    ).fetchall()
    statuses = [r[1] in OPEN for r in rows]
    assert statuses == sorted(statuses, reverse=True) and statuses[0]
    for _, _, reasons, score, components in rows:
        assert len(reasons) >= 2
        assert score == pytest.approx(sum(components.values()), abs=0.01)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))


def test_an_enrollment_of_one_reads_in_the_singular(corpus_con):
    # NCT99000005 and NCT99000006: SYNTHETIC copies of a real record with enrollment 1.
    rows = dict(
        corpus_con.execute(
            "select nct_id, enrollment_reason from top_trials"
            " where nct_id in ('NCT99000005', 'NCT99000006', 'NCT99000002')"
        ).fetchall()
    )
    assert rows["NCT99000005"] == "Aims to enrol 1 participant"
    assert rows["NCT99000006"] == "1 participant"
    assert rows["NCT99000002"].endswith(" participants")  # the real record's count, unchanged
    reasons = corpus_con.execute(
        "select reasons from top_trials where nct_id = 'NCT99000006'"
    ).fetchone()[0]
    assert "1 participant" in reasons


def test_incomplete_records_are_kept_out_of_the_list(corpus_con):
    withheld = corpus_con.execute(
        "select r.nct_id from study_relevance r join study_overview s using (nct_id)"
        " where r.tier <> 'excluded' and len(s.missing_required) > 0"
    ).fetchall()
    assert withheld
    listed = corpus_con.execute(
        "select count(*) from top_trials where list_contains(?, nct_id)", [[w[0] for w in withheld]]
    ).fetchone()[0]
    assert listed == 0


def test_magnesium_trial_is_tagged_with_mineral_causes(corpus_con):
    # NCT04694417 (magnesium) is withheld from the list, but its themes are still derived.
    themes = {
        r[0]
        for r in corpus_con.execute(
            "select theme_id from study_themes where nct_id = 'NCT04694417'"
        ).fetchall()
    }
    assert "causes-minerals" in themes


@pytest.mark.integration  # seconds, not milliseconds: out of make test-fast
def test_identical_inputs_give_identical_output(tmp_path):
    records = list(corpus_records().values())
    first = build_db(records, tmp_path, "a")
    second = build_db(list(reversed(records)), tmp_path, "b")
    query = "select * exclude (components), components::varchar from top_trials order by rank"
    assert first.execute(query).fetchall() == second.execute(query).fetchall()
    doc_a = export.build_export(first, "leg-cramps", "t")
    doc_b = export.build_export(second, "leg-cramps", "t")
    assert doc_a == doc_b and doc_a["trials"]


def test_rankings_are_stored_per_run(tmp_path):
    con = build_db(list(corpus_records().values()), tmp_path)
    assert landing.save_ranking(con, "run-1", history.now()) > 0
    landing.save_ranking(con, "run-2", history.now())
    runs = con.execute("select run_id, count(*) from raw_rankings group by all order by 1")
    assert [r[0] for r in runs.fetchall()] == ["run-1", "run-2"]
