"""Hostile data, round two (issue 24): nothing one record holds blocks a publish.

Each test serves SYNTHETIC variants of real corpus records, built in code, beside the clean corpus
from the emulator on loopback and runs a refresh (pipeline.jobs.run, no Prefect), then imports the
same records with `trials import`: a record nested thousands of levels deep, a record whose nctId
key appears twice.
"""

from __future__ import annotations

import pytest
from realdata import export_of, record_of, run_options, set_id, sql

from pipeline.core import jsontext
from pipeline.emulator import Emulator
from pipeline.jobs import run


def nested(levels: int, kind: str) -> object:
    """A value `levels` containers deep: lists in lists, or objects in objects (built without
    recursion; copy.deepcopy of it would recurse)."""
    value: object = "cramps"
    for _ in range(levels):
        value = [value] if kind == "list" else {"x": value}
    return value


def deep_variant(studies, nct_id: str, new_id: str, levels: int, kind: str) -> dict:
    """SYNTHETIC: the real record nct_id under new_id, its brief summary nested `levels` deep."""
    record = set_id(record_of(studies, nct_id), new_id)
    record["protocolSection"]["descriptionModule"]["briefSummary"] = nested(levels, kind)
    return record


def quarantine_of(path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for nct_id, code in sql(path, "select nct_id, reason_code from quarantine"):
        found.setdefault(nct_id, set()).add(code)
    return found


@pytest.mark.parametrize(("levels", "kind"), [(990, "list"), (10_000, "object")])
def test_a_record_nested_thousands_of_levels_deep_is_quarantined_and_the_run_publishes(
    corpus_studies, ranked_ids, tmp_path, levels, kind
):
    hostile = deep_variant(corpus_studies, ranked_ids[0], "NCT99240001", levels, kind)
    depth = jsontext.depth(hostile)
    assert depth > levels
    with Emulator(corpus_studies) as emu:
        emu.put_study(hostile)
        result = run.refresh_run(run_options(emu, tmp_path))
    assert result.outcome == "published"
    published = tmp_path / "trials.duckdb"
    # The other records of the page landed and rank; the deep one is quarantined, kept verbatim.
    listed = {t["nct_id"] for t in export_of(tmp_path / "site")["trials"]}
    assert set(ranked_ids) <= listed and "NCT99240001" not in listed
    assert quarantine_of(published)["NCT99240001"] == {"nested_too_deeply"}
    [(stored, recorded)] = sql(
        published,
        "select r.record::varchar, d.depth from raw_studies as r join raw_deep_records as d"
        " using (nct_id, content_hash) where nct_id = 'NCT99240001'",
    )
    assert recorded == depth and stored == jsontext.dumps(hostile)  # == on the values recurses
    assert "quarantined_records" in result.warnings
    # The same records through `trials import`: a page of the clean top record and the deep one.
    from trials import main

    page = tmp_path / "page.json"
    clean = set_id(record_of(corpus_studies, ranked_ids[1]), "NCT99240002")
    page.write_text(jsontext.dumps({"studies": [clean, hostile]}), encoding="utf-8")
    imported = tmp_path / "imported.duckdb"
    assert main(["import", "--db", str(imported), str(page)]) == 0
    found = quarantine_of(imported)
    assert found["NCT99240001"] == {"nested_too_deeply"} and "NCT99240002" not in found
    assert sql(imported, "select depth from raw_deep_records") == [(depth,)]
    assert sql(imported, "select nct_id from top_trials where nct_id = 'NCT99240002'")
