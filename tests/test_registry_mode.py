"""Whole-registry mode: a topic file without queries mirrors every study through the same flow."""

import duckdb
from conftest import served_ids
from realdata import stopped_version

from pipeline.config.topics import WHOLE_REGISTRY, load_topic, topic_from_dict

NEXT_TIMESTAMP = "2026-11-25T09:00:07"


def query(tmp_path, sql):
    with duckdb.connect(str(tmp_path / "trials.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def corpus_ids(corpus_studies):
    return {s["protocolSection"]["identificationModule"]["nctId"] for s in corpus_studies}


def test_a_topic_without_queries_asks_for_every_study_and_is_not_ranked():
    topic = topic_from_dict({"slug": "everything"})
    assert topic.queries == (WHOLE_REGISTRY,) and WHOLE_REGISTRY.params == {}
    assert not topic.ranked
    shipped = load_topic("registry")
    assert shipped.queries == (WHOLE_REGISTRY,) and not shipped.ranked
    cramps = load_topic("leg-cramps")
    assert WHOLE_REGISTRY not in cramps.queries and cramps.ranked


def test_registry_topic_mirrors_every_served_study_beside_a_ranked_topic(
    refresh, emulator, corpus_studies, tmp_path
):
    summary = refresh(topics=["registry", "leg-cramps"])
    registry = load_topic("registry")
    served = served_ids(emulator, registry)
    assert served == corpus_ids(corpus_studies) and len(served) > 250
    assert summary["members"]["registry"] == len(served)
    studies = {r[0] for r in query(tmp_path, "select nct_id from study_overview")}
    members = {
        r[0] for r in query(tmp_path, "select nct_id from study_topics where topic = 'registry'")
    }
    assert studies == members == served
    fetch = query(
        tmp_path,
        "select params::varchar, total_count, unique_received, mode from raw_fetches"
        " where topic = 'registry'",
    )
    assert fetch == [("{}", len(served), len(served), "full")]
    # Not ranked: classified and exported for leg-cramps only, so the gates pass.
    assert query(tmp_path, "select distinct topic from study_relevance") == [("leg-cramps",)]
    assert set(summary["top"]) == {"leg-cramps"}
    assert not (tmp_path / "site" / "top-trials" / "registry.json").exists()
    assert (tmp_path / "site" / "top-trials" / "leg-cramps.json").exists()
    assert not [c for c in summary["warnings"] if c.startswith("fetch")]


def test_registry_topic_refreshes_incrementally_and_marks_removals_on_full_resync(
    refresh, emulator, corpus_studies, tmp_path
):
    refresh(topics=["registry"])
    changed = stopped_version(corpus_studies, "NCT02423395")  # SYNTHETIC, see realdata.py
    emulator.put_study(changed)
    emulator.data_timestamp = NEXT_TIMESTAMP
    emulator.reset_log()
    summary = refresh(topics=["registry"])
    assert summary["mode"] == "incremental"
    assert summary["landed"] == {"received": 1, "new": 0, "changed": 1, "unchanged": 0}
    [fetch] = summary["fetches"]
    assert "LastUpdatePostDate" in fetch["params"]["filter.advanced"]
    assert len(emulator.request_log) == 3  # /version, one page and /studies/enums
    status_now = query(
        tmp_path, "select overall_status from study_overview where nct_id = 'NCT02423395'"
    )
    assert status_now == [("COMPLETED",)]

    gone = "NCT02423395"
    emulator.remove_study(gone)
    resync = refresh(topics=["registry"], full=True)
    assert resync["removed"] == 1
    removed = query(
        tmp_path,
        "select nct_id from study_topics where topic = 'registry' and removed_at is not null",
    )
    assert removed == [(gone,)]
    total = query(tmp_path, "select count(*) from study_topics where removed_at is null")
    assert total == [(len(corpus_ids(corpus_studies)) - 1,)]
