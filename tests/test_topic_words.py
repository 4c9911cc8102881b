"""Topics and articles are data: no topic's words in code, SQL, dashboards or flows, and a new
topic file over another condition works with no change to any of them."""

import json
import re
from pathlib import Path

import duckdb
import pytest

import trials as cli
from pipeline.config.topics import TOPICS_DIR, TOPICS_DIR_ENV, TopicError, list_topics, load_topic
from pipeline.dashboard import panels as dashboard_queries
from pipeline.emulator import Emulator
from pipeline.jobs import run

ROOT = Path(__file__).resolve().parents[1]
# Where code, SQL and templates of words live; the topic files and articles are the data.
SCANNED = [
    *ROOT.glob("sql/**/*.sql"),
    *ROOT.glob("sql/**/*.csv"),
    *ROOT.glob("dashboards/**/*.toml"),
    *ROOT.glob("dashboards/**/*.sql"),
    *ROOT.glob("pipeline/**/*.py"),
    *ROOT.glob("flows/**/*.py"),
]
# The project's own name is not a topic's word.
PROJECT_NAME = re.compile(r"cramp-trials", re.I)


def norm_text(text: str) -> str:
    """sql/macros/norm_text.sql in Python: lower-case whole words, lightly stemmed, space-padded."""
    words = []
    for w in re.split(r"[^a-z0-9]+", text.lower()):
        if len(w) > 5 and w.endswith("ing"):
            w = w[:-3]
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w:
            words.append(w)
    return f" {' '.join(words)} "


def topic_words(slug: str) -> set[str]:
    """The words that say which condition a shipped topic is about: its slug's words, its
    relevance terms and its MeSH ids, each in norm_text form."""
    topic = load_topic(slug, TOPICS_DIR)
    relevance = topic.settings.get("relevance", {})
    terms = [*slug.split("-"), *topic.mesh_ids]
    for key in ("primary_terms", "secondary_terms", "exclude_terms"):
        terms += relevance.get(key, [])
    return {norm_text(t) for t in terms}


RANKED = [s for s in list_topics(TOPICS_DIR) if load_topic(s, TOPICS_DIR).ranked]


def test_the_scan_covers_the_code_and_knows_the_words():
    assert RANKED and len(SCANNED) > 100
    # The scan would catch what it is for (SQL comments and Python alike).
    words = set().union(*(topic_words(s) for s in RANKED))
    line = norm_text(f"-- {RANKED[0]}: {load_topic(RANKED[0], TOPICS_DIR).mesh_ids[0]}")
    assert sum(w in line for w in words) >= 2


@pytest.mark.parametrize("slug", RANKED)
def test_no_topic_words_in_code_sql_dashboards_or_flows(slug):
    words = sorted(topic_words(slug))
    found = []
    for path in SCANNED:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = norm_text(PROJECT_NAME.sub(" ", line))
            hits = [w.strip() for w in words if w in text]
            if hits:
                found.append(
                    f"{path.relative_to(ROOT)}:{number}: {', '.join(hits)}: {line.strip()}"
                )
    assert found == [], "topic words belong in topics/*.toml:\n" + "\n".join(found)


# SYNTHETIC: a topic file over another condition, herniated discs, which many real corpus records
# study (conditions "Lumbar Disc Herniation", "Herniated Disc"; MeSH D007405 Intervertebral Disc
# Displacement). Written in code; only its scoring tables are copied from the shipped topic file.
NEW_SLUG = "herniated-disc"
NEW_TOPIC = """slug = "herniated-disc"
title = "Herniated discs"
mesh_ids = ["D007405"]

[[queries]]
id = "cond-disc-herniation"
params = { "query.cond" = '"disc herniation" OR "herniated disc" OR "disk herniation"' }

[relevance]
primary_terms = ["disc herniation", "herniated disc", "disk herniation", "herniated disk",
                 "disc prolapse", "disk prolapse"]
secondary_terms = ["intervertebral disc displacement", "sciatica", "radiculopathy"]
exclude_terms = ["spinal stenosis", "spondylolisthesis"]

"""


def new_topic_folder(folder: Path, *shipped: str) -> Path:
    """A topics folder with the synthetic topic and copies of the named shipped topic files."""
    folder.mkdir()
    first = (TOPICS_DIR / f"{RANKED[0]}.toml").read_text(encoding="utf-8")
    scoring = first[first.index("\n[weights]") :]
    (folder / f"{NEW_SLUG}.toml").write_text(NEW_TOPIC + scoring, encoding="utf-8")
    for slug in shipped:
        (folder / f"{slug}.toml").write_text(
            (TOPICS_DIR / f"{slug}.toml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    return folder


# The templates a reason of an excluded study can come from (sql/tables/study_relevance.sql).
EXCLUDED_REASONS = {
    "topic terms named only in the eligibility criteria",
    "related only through a MeSH ancestor term",
    "no topic term in titles, conditions, keywords or outcome measures",
}


@pytest.fixture(scope="module")
def two_topics(tmp_path_factory, corpus_studies):
    """A database refreshed from the emulator by the plain run with no topic named, from a topics
    folder holding the synthetic topic beside the shipped ranked ones: (database, run result)."""
    tmp = tmp_path_factory.mktemp("new-topic")
    folder = new_topic_folder(tmp / "topics", *RANKED)
    with pytest.MonkeyPatch.context() as mp, Emulator(corpus_studies) as emu:
        mp.setenv(TOPICS_DIR_ENV, str(folder))
        result = run.refresh_run(
            run.RefreshOptions(
                db_path=tmp / "trials.duckdb", data_dir=tmp, base_url=emu.base_url,
                min_interval=0, backoff=0, max_attempts=2, build_dashboard=False,
                build_snapshot=False,
            )
        )  # fmt: skip
    return tmp / "trials.duckdb", result


def test_a_new_topic_file_is_refreshed_and_ranked_with_no_change_to_the_code(two_topics):
    database, result = two_topics
    assert result.outcome == "published"
    assert sorted(doc["topic"] for doc in result.docs) == sorted([NEW_SLUG, *RANKED])
    doc = json.loads((database.parent / "site" / "top-trials" / f"{NEW_SLUG}.json").read_text())
    assert doc["topic_title"] == "Herniated discs" and len(doc["trials"]) >= 20
    assert {t["relevance"]["tier"] for t in doc["trials"]} <= {"primary", "secondary"}
    assert all(t["relevance"]["reason"].startswith("Studies ") for t in doc["trials"])
    con = duckdb.connect(str(database), read_only=True)
    try:
        reasons = con.execute(
            "select tier, reason, evidence_text from study_relevance where topic = ?", [NEW_SLUG]
        ).fetchall()
        # Every topic's exclusions that are not near misses use the neutral templates.
        templated = {
            r for (r,) in con.execute(
                "select distinct reason from study_relevance "
                "where tier = 'excluded' and not starts_with(reason, 'near miss: ')"
            ).fetchall()
        }  # fmt: skip
    finally:
        con.close()
    assert templated <= EXCLUDED_REASONS
    # The new topic classifies only what its queries returned (topic_candidates), which may all
    # be relevant; whatever it excludes is a template or a near miss of its own terms.
    excluded = {r for tier, r, _ in reasons if tier == "excluded"}
    near_misses = {f"near miss: {t}" for t in ("spinal stenosis", "spondylolisthesis")}
    assert excluded <= EXCLUDED_REASONS | near_misses
    # No reason says anything of the shipped topics' condition unless a record's text did.
    shipped_words = set().union(*(topic_words(s) for s in RANKED))
    leaks = [
        (reason, word)
        for _, reason, evidence in reasons
        for word in shipped_words
        if word in norm_text(reason) and word not in norm_text(evidence or "")
    ]
    assert leaks == []


def test_top_and_dashboard_name_the_ranked_topics_when_one_must_be_chosen(two_topics, capsys):
    database, _ = two_topics
    ranked = ", ".join(sorted([NEW_SLUG, *RANKED]))
    for argv in (
        ["top"],
        ["top", "--topic", "nope"],
        ["dashboard", "--out", "/nonexistent/d.html"],
    ):
        assert cli.main([*argv, "--db", str(database)]) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert f"({ranked})" in err or f"(ranked topics: {ranked})" in err, err
        assert str(database) in err
    assert cli.main(["top", "--db", str(database), "--topic", NEW_SLUG, "--explain"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{NEW_SLUG}: ") and "why: " in out and "herniation" in out


def test_the_dashboard_header_names_the_new_topic_from_the_database(two_topics):
    database, _ = two_topics
    spec = dashboard_queries.load_spec(dashboard_queries.DEFAULT_SPEC)
    spec["params"] = {"topic": NEW_SLUG}
    con = duckdb.connect(str(database), read_only=True)
    try:
        texts = dashboard_queries.header(con, spec, dashboard_queries.DASHBOARD_DIR)
    finally:
        con.close()
    assert texts["title"] == "Herniated discs: trials overview"


def test_a_run_without_topics_needs_a_ranked_topic_file(tmp_path, monkeypatch):
    (tmp_path / "registry.toml").write_text(
        (TOPICS_DIR / "registry.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setenv(TOPICS_DIR_ENV, str(tmp_path))
    with pytest.raises(TopicError, match=rf"no topic file with relevance terms in {tmp_path}"):
        run.RefreshOptions().load_topics()


def _primary_measurements(record: dict) -> int:
    """The measurements of a record's PRIMARY results outcomes, counted from its JSON."""
    module = record.get("resultsSection", {}).get("outcomeMeasuresModule", {})
    count = 0
    for outcome in module.get("outcomeMeasures", []):
        if outcome.get("type") != "PRIMARY":
            continue
        for klass in outcome.get("classes", []):
            for category in klass.get("categories", []):
                count += len(category.get("measurements", []))
    return count


def test_the_aact_results_queries_answer_for_a_topic_with_posted_results(
    two_topics, corpus_studies
):
    """The query library's AACT-dialect analyses on the new topic, whose trials (real corpus
    records) have results sections: the leg-cramps transcriptions have none."""
    from pipeline.reading import queries

    database, _ = two_topics
    with duckdb.connect(str(database), read_only=True) as con:
        relevant = {
            n for (n,) in con.execute(
                "select nct_id from study_relevance where topic = ? and tier <> 'excluded'",
                [NEW_SLUG],
            ).fetchall()
        }  # fmt: skip
        answers = {}
        for name in ("aact_primary_outcome_measurements", "aact_adverse_events_by_organ_system",
                     "aact_results_within_12_months", "aact_enrollment_by_country"):  # fmt: skip
            columns, rows = queries.run(con, name)
            answers[name] = [dict(zip(columns, r, strict=True)) for r in rows]
    by_id = {s["protocolSection"]["identificationModule"]["nctId"]: s for s in corpus_studies}
    mine = [r for r in answers["aact_primary_outcome_measurements"] if r["topic"] == NEW_SLUG]
    assert len(mine) == sum(_primary_measurements(by_id[n]) for n in relevant) > 0
    assert {r["nct_id"] for r in mine} <= relevant
    events = [r for r in answers["aact_adverse_events_by_organ_system"] if r["topic"] == NEW_SLUG]
    assert events and {r["event_type"] for r in events} <= {"serious", "other"}
    [timely] = [r for r in answers["aact_results_within_12_months"] if r["topic"] == NEW_SLUG]
    assert (
        0 < timely["reported"] <= timely["finished"]
        and timely["within_12_months"] <= timely["reported"]
    )
    countries = [r for r in answers["aact_enrollment_by_country"] if r["topic"] == NEW_SLUG]
    assert countries and all(r["trials"] >= 1 and r["sites"] >= r["trials"] for r in countries)
