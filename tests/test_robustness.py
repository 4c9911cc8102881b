"""Nothing in the data stops the nightly: quarantine, scores in range, self-healing publish,
isolated topics and databases, query-level plans (issue 10, points 1, 3, 4, 5, 7, 13).

These call the plain functions of pipeline.jobs.run and pipeline.jobs.imports (no Prefect) against
the
emulator over HTTP.
Every hostile record is a SYNTHETIC variant built in code from a real corpus record.
"""

import copy
import json
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from realdata import export_of, record_of, run_options, set_id, sql

from pipeline.config.topics import load_topic, topic_from_dict
from pipeline.emulator import Emulator
from pipeline.jobs import imports, planning, run, sitesync
from pipeline.publish.export import export_paths
from pipeline.publish.export_validation import validate_export
from pipeline.warehouse import lifecycle
from pipeline.warehouse.history import now, run_log_path

NEXT_TIMESTAMP = "2026-11-25T09:00:03"


def hostile_variants(studies, ranked: list[str]) -> dict[str, tuple[dict, str]]:
    """SYNTHETIC: each value is (record, expected) with expected 'listed' or a quarantine code."""
    base = record_of(studies, ranked[0])
    completed = record_of(studies, ranked[-1])
    out: dict[str, tuple[dict, str]] = {}

    def variant(key, nct_id, expected, change, source=base):
        record = set_id(copy.deepcopy(source), nct_id)
        change(record["protocolSection"])
        out[key] = (record, expected)

    for i, bad in enumerate(["NCT123", "../../etc/passwd", "NCT0<script>1", ranked[0] + " "]):
        variant(f"bad-id-{i}", bad, "invalid_nct_id", lambda p: None)
    variant(
        "status",
        "NCT99100001",
        "unknown_value",
        lambda p: p.setdefault("statusModule", {}).update(overallStatus="PAUSED_FOR_LUNCH"),
    )
    variant(
        "phase",
        "NCT99100002",
        "unknown_value",
        lambda p: p.setdefault("designModule", {}).update(phases=["PHASE9"]),
    )
    variant(
        "intervention",
        "NCT99100003",
        "unknown_value",
        lambda p: (
            p.setdefault("armsInterventionsModule", {})
            .setdefault("interventions", [])
            .append({"type": "MAGIC", "name": "A cure"})
        ),
    )
    variant(  # found by `make fuzz`: a blank intervention name failed the export's validation
        "intervention-name",
        "NCT99100012",
        "listed",
        lambda p: (
            p.setdefault("armsInterventionsModule", {})
            .setdefault("interventions", [])
            .extend([{"type": "DRUG", "name": "\x00"}, {"type": "DRUG", "name": None}])
        ),
    )
    variant(
        "sponsor",
        "NCT99100004",
        "unknown_value",
        lambda p: (
            p.setdefault("sponsorCollaboratorsModule", {})
            .setdefault("leadSponsor", {"name": "Someone"})
            .update({"class": "ALIEN"})
        ),
    )
    variant(
        "enrollment",
        "NCT99100005",
        "listed",
        lambda p: p.setdefault("designModule", {}).update(
            enrollmentInfo={"count": -5, "type": "ACTUAL"}
        ),
    )
    variant(
        "condition",
        "NCT99100006",
        "listed",
        lambda p: (
            p.setdefault("conditionsModule", {})
            .setdefault("conditions", [])
            .extend(["", "  ", "\x00"])
        ),
    )
    variant(
        "country",
        "NCT99100007",
        "listed",
        lambda p: (
            p.setdefault("contactsLocationsModule", {})
            .setdefault("locations", [])
            .extend([{"facility": "X", "country": ""}, {"facility": "Y", "country": "\x1b[31m"}])
        ),
    )
    variant("future", "NCT99100008", "listed",
            lambda p: p.setdefault("statusModule", {}).update(
                overallStatus="COMPLETED",
                lastUpdatePostDateStruct={"date": "2099-01-01", "type": "ACTUAL"}),
            source=completed)  # fmt: skip
    variant(
        "blank-title",
        "NCT99100009",
        "missing_required",
        lambda p: p["identificationModule"].update(briefTitle="\x00\x1b "),
    )
    return out


def test_hostile_records_are_listed_safely_or_quarantined_and_every_run_publishes(
    corpus_studies, ranked_ids, tmp_path
):
    variants = hostile_variants(corpus_studies, ranked_ids)
    with Emulator(corpus_studies) as emu:
        for record, _ in variants.values():
            emu.put_study(record)
        result = run.refresh_run(run_options(emu, tmp_path))
        assert result.outcome == "published"
        published = tmp_path / "trials.duckdb"
        doc = export_of(tmp_path / "site")
        validate_export(doc)
        listed = {t["nct_id"]: t for t in doc["trials"]}
        quarantined = {}
        for nct_id, code in sql(published, "select nct_id, reason_code from quarantine"):
            quarantined.setdefault(nct_id, set()).add(code)
        for key, (record, expected) in variants.items():
            nct_id = record["protocolSection"]["identificationModule"]["nctId"]
            if expected == "listed":
                assert nct_id in listed, key
                assert nct_id not in quarantined, key
            else:
                assert expected in quarantined.get(nct_id, set()), (key, quarantined)
                assert nct_id not in listed, key
        # Values made safe, not passed through.
        assert listed["NCT99100005"]["enrollment"]["count"] is None
        assert all(c.strip() for c in listed["NCT99100006"]["conditions"])
        assert all(i["name"] for i in listed["NCT99100012"]["interventions"])
        assert all(c.strip() and "\x1b" not in c for c in listed["NCT99100007"]["countries"])
        # A future last update counts as current, never more: the component stays in range.
        future = listed["NCT99100008"]
        assert future["components"]["recency"] <= doc["score_weights"]["recency"]
        open_ranks = [t["rank"] for t in doc["trials"] if t["status"] == "RECRUITING"]
        assert future["rank"] > max(open_ranks, default=0)
        assert doc["quarantined"] >= len([v for v in variants.values() if v[1] != "listed"])
        # The warning check reports them; the next run publishes too.
        assert "quarantined_records" in result.warnings
        emu.data_timestamp = NEXT_TIMESTAMP
        again = run.refresh_run(run_options(emu, tmp_path, full=True))
        assert again.outcome == "published"
        validate_export(export_of(tmp_path / "site"))


def test_a_clean_later_version_releases_a_quarantined_study(corpus_studies, ranked_ids, tmp_path):
    record = set_id(record_of(corpus_studies, ranked_ids[0]), "NCT99100010")
    bad = copy.deepcopy(record)
    bad["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED_FOR_LUNCH"
    with Emulator(corpus_studies) as emu:
        emu.put_study(bad)
        run.refresh_run(run_options(emu, tmp_path))
        published = tmp_path / "trials.duckdb"
        assert sql(published, "select reason_code from quarantine where nct_id = 'NCT99100010'")
        emu.put_study(record)
        emu.data_timestamp = NEXT_TIMESTAMP
        run.refresh_run(run_options(emu, tmp_path, full=True))
    assert sql(published, "select * from quarantine where nct_id = 'NCT99100010'") == []
    assert "NCT99100010" in {t["nct_id"] for t in export_of(tmp_path / "site")["trials"]}
    # Both versions stay in the raw history.
    assert sql(published, "select count(*) from raw_studies where nct_id = 'NCT99100010'") == [(2,)]


def test_a_poison_import_never_blocks_a_refresh_and_its_batch_can_be_removed(
    corpus_studies, ranked_ids, tmp_path
):
    from trials import main

    # Point 1: a record "NCT123" about the topic, loaded with `trials import`.
    poison = set_id(record_of(corpus_studies, ranked_ids[0]), "NCT123")
    path = tmp_path / "x.json"
    path.write_text(json.dumps([poison]))
    published = tmp_path / "trials.duckdb"
    with Emulator(corpus_studies) as emu:
        run.refresh_run(run_options(emu, tmp_path))
        assert main(["import", "--db", str(published), str(path)]) == 0
        [(batch_id, studies, quarantined)] = sql(
            published, "select batch_id, studies, quarantined from import_batches"
        )
        assert (studies, quarantined) == (1, 1)
        for _ in range(2):
            emu.data_timestamp = NEXT_TIMESTAMP if _ else emu.data_timestamp
            result = run.refresh_run(run_options(emu, tmp_path, full=True, force=True))
            assert result.outcome == "published"
            assert "NCT123" not in {t["nct_id"] for t in export_of(tmp_path / "site")["trials"]}
        assert sql(published, "select reason_code from quarantine where nct_id = 'NCT123'") == [
            ("invalid_nct_id",)
        ]
        assert [b["batch_id"] for b in imports.list_imports(published)] == [batch_id]
        assert main(["import", "--db", str(published), "--list"]) == 0
        assert main(["import", "--db", str(published), "--remove", batch_id]) == 0
    assert sql(published, "select count(*) from raw_studies where nct_id = 'NCT123'") == [(0,)]
    assert sql(published, "select versions, removed_at is not null from import_batches") == [
        (0, True)
    ]
    with pytest.raises(ValueError, match="already removed"):
        imports.remove_import(published, batch_id)
    assert main(["import", "--db", str(published), "--remove", batch_id]) == 2


def test_a_crash_between_database_and_site_heals_on_the_next_run_even_a_skip(emulator, tmp_path):
    published = tmp_path / "trials.duckdb"
    run.refresh_run(run_options(emulator, tmp_path))
    site = tmp_path / "site"
    before = export_of(site)
    emulator.data_timestamp = NEXT_TIMESTAMP
    # Killed right after the database publish, before the site files (tests/crashing_run.py).
    cmd = [sys.executable, str(Path(__file__).with_name("crashing_run.py")), emulator.base_url,
           str(tmp_path), "publish"]  # fmt: skip
    child = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    # The database holds the new run; the site still shows the old one.
    assert sql(published, "select max(data_timestamp) from raw_fetches") == [(NEXT_TIMESTAMP,)]
    assert export_of(site)["run_id"] == before["run_id"]
    # Point 4: the next run skips (same dataTimestamp) yet rewrites the stale site files.
    result = run.refresh_run(run_options(emulator, tmp_path))
    assert result.outcome == "skipped"
    assert "top-trials/leg-cramps" in result.healed
    healed = export_of(site)
    [(ranking_run,)] = sql(
        published,
        "select arg_max(run_id, ranked_at) from raw_rankings where topic = 'leg-cramps'",
    )
    assert healed["run_id"] == ranking_run != before["run_id"]
    page = (site / "inside-leg-cramps-cause.html").read_text()
    assert ranking_run in page
    # A third run finds nothing stale.
    assert run.refresh_run(run_options(emulator, tmp_path)).healed == []


def test_a_site_failure_after_the_database_publish_is_logged_and_healed(emulator, tmp_path):
    published = tmp_path / "trials.duckdb"
    site = tmp_path / "site"
    # A real filesystem fault: a file where the exports' folder should be.
    site.mkdir()
    (site / "top-trials").write_text("in the way")
    with pytest.raises(sitesync.SitePublishFailed, match="next run"):
        run.refresh_run(run_options(emulator, tmp_path))
    [logged] = [json.loads(line) for line in run_log_path(published).open()]
    assert logged["outcome"] == "published-site-failed" and "top-trials" in logged["error"]
    assert sql(published, "select outcome from pipeline_runs") == [("published",)]
    (site / "top-trials").unlink()
    result = run.refresh_run(run_options(emulator, tmp_path))
    assert result.outcome == "skipped" and export_of(site)["trials"]
    emulator.data_timestamp = NEXT_TIMESTAMP
    run.refresh_run(run_options(emulator, tmp_path))
    # The next publish copies the run log in: the failed site write is in pipeline_runs.
    outcomes = sql(published, "select outcome from pipeline_runs order by started_at")
    assert outcomes == [("published-site-failed",), ("skipped",), ("published",)]


def test_a_run_for_one_topic_leaves_the_other_topics_list_and_files_as_they_were(
    emulator, tmp_path
):
    published = tmp_path / "trials.duckdb"
    run.refresh_run(run_options(emulator, tmp_path))
    json_path, csv_path = export_paths(tmp_path / "site", "leg-cramps")
    before = {p: p.read_bytes() for p in (json_path, csv_path)}
    ranking = sql(published, "select * from raw_rankings order by all")
    top = sql(published, "select nct_id from top_trials where topic = 'leg-cramps'")
    emulator.data_timestamp = NEXT_TIMESTAMP
    result = run.refresh_run(run_options(emulator, tmp_path, topics=("registry",)))
    assert result.outcome == "published" and result.top == {}
    assert {p: p.read_bytes() for p in before} == before
    assert sql(published, "select * from raw_rankings order by all") == ranking
    assert sql(published, "select nct_id from top_trials where topic = 'leg-cramps'") == top
    assert len(top) > 5


def test_two_databases_sharing_a_data_dir_keep_their_staging_and_site_apart(emulator, tmp_path):
    a = run.refresh_run(run_options(emulator, tmp_path))
    b = run.refresh_run(run_options(emulator, tmp_path, db_path=tmp_path / "other.duckdb"))
    assert a.outcome == b.outcome == "published"
    assert export_paths(tmp_path / "site", "leg-cramps")[0].exists()
    assert export_paths(tmp_path / "site-other", "leg-cramps")[0].exists()
    assert lifecycle.staging_root(tmp_path / "trials.duckdb") != lifecycle.staging_root(
        tmp_path / "other.duckdb"
    )
    # Same name, other folder, same data dir: refused before any work, nothing touched.
    elsewhere = tmp_path / "elsewhere"
    before = export_of(tmp_path / "site")
    with pytest.raises(sitesync.SiteOwned, match="own --data-dir"):
        run.refresh_run(run_options(emulator, tmp_path, db_path=elsewhere / "trials.duckdb"))
    assert not (elsewhere / "trials.duckdb").exists()
    assert export_of(tmp_path / "site") == before


def test_a_new_or_changed_query_is_fetched_in_full_while_the_others_stay_incremental(
    emulator, tmp_path, corpus_studies
):
    full_topic = load_topic("leg-cramps")
    data = tomllib_of("leg-cramps")
    added = full_topic.queries[-1]
    data["queries"] = [q for q in data["queries"] if q["id"] != added.id]
    smaller = topic_from_dict(data)
    opts = run_options(emulator, tmp_path)
    published = tmp_path / "trials.duckdb"
    # First load without the query, then a new data day with it.
    run.refresh_run(opts.replace(topics=(smaller,)))
    emulator.data_timestamp = NEXT_TIMESTAMP
    emulator.reset_log()
    states, plans = planning.plan_run(
        published, [full_topic], NEXT_TIMESTAMP, now(), False, False, timedelta(days=7),
    )  # fmt: skip
    [plan] = plans
    assert plan.mode == "incremental" and plan.full_queries == (added.id,)
    result = run.refresh_run(opts.replace(topics=(full_topic,)))
    by_query = {f["query_id"]: f for f in result.fetches}
    assert by_query[added.id]["mode"] == "full" and by_query[added.id]["since"] is None
    assert {f["mode"] for q, f in by_query.items() if q != added.id} == {"incremental"}
    sent = [r["params"] for r in emulator.request_log if r["path"].endswith("/studies")]
    windows = ["filter.advanced" in p for p in sent]
    assert windows.count(False) >= 1 and windows.count(True) >= 2
    # Older matching studies arrive now, not at the weekly resync.
    fetched = sql(
        published,
        "select count(distinct nct_id) from raw_query_hits where query_id = ?",
        [added.id],
    )
    assert fetched[0][0] == by_query[added.id]["unique_received"] > 0
    # With the same definition again, the query is incremental like the rest.
    _, [again] = planning.plan_run(
        published, [full_topic], NEXT_TIMESTAMP, now(), True, False, timedelta(days=7),
    )  # fmt: skip
    assert again.full_queries == ()


def tomllib_of(slug: str) -> dict:
    import tomllib

    from pipeline.config.topics import TOPICS_DIR

    return tomllib.loads((TOPICS_DIR / f"{slug}.toml").read_text())


def test_control_characters_in_a_ranked_title_never_take_the_run_down(
    refresh, emulator, corpus_studies, ranked_ids, tmp_path
):
    # Point 2: NUL and ESC in a ranked title used to abort dashboard rendering (SIGABRT) after
    # the publish. SYNTHETIC variant of the top real record.
    record = set_id(record_of(corpus_studies, ranked_ids[0]), "NCT99100011")
    record["protocolSection"]["identificationModule"]["briefTitle"] = "Night\x00 cramps \x1b[31m"
    emulator.put_study(record)
    summary = refresh(build_dashboard=True)
    assert summary["outcome"] == "published"
    assert "dashboard.html" in " ".join(summary["site_files"])
    html = (tmp_path / "site" / "dashboard.html").read_text()
    assert "\x00" not in html and "\x1b" not in html and "Night cramps" in html
    [logged] = [json.loads(line) for line in run_log_path(tmp_path / "trials.duckdb").open()]
    assert logged["outcome"] == "published"
    assert not lifecycle.staging_root(tmp_path / "trials.duckdb").exists()
    listed = {t["nct_id"]: t for t in export_of(tmp_path / "site")["trials"]}
    assert listed["NCT99100011"]["title"] == "Night cramps [31m"  # ESC gone, text kept
