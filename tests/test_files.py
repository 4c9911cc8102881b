"""pipeline.core.files: a published file appears whole or not at all; logs survive a cut line."""

import json

import pytest
from realdata import corpus_records

from pipeline.core import files


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "site" / "top.json"
    files.write_atomic(target, "old\n")
    with pytest.raises(RuntimeError), files.atomic_file(target) as fh:
        fh.write("half of the new")
        raise RuntimeError("the renderer failed")
    assert target.read_text() == "old\n"
    assert [p.name for p in target.parent.iterdir()] == ["top.json"]


def test_write_error_names_the_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(OSError) as caught:
        files.write_atomic(blocker / "top.json", "x")
    assert "not-a-folder" in str(caught.value)


def test_ndjson_round_trip_of_real_records_and_a_lone_surrogate(tmp_path):
    records = list(corpus_records().values())[:3]
    # SYNTHETIC: a real record whose title carries a lone surrogate, which UTF-8 cannot hold.
    odd = json.loads(json.dumps(records[0]))
    odd["protocolSection"]["identificationModule"]["briefTitle"] = "cramp \ud800 study"
    path = tmp_path / "out.ndjson"
    assert files.write_ndjson([*records, odd], path) == 4
    back = list(files.iter_ndjson(path))
    assert back[:3] == records
    assert back[3]["protocolSection"]["identificationModule"]["briefTitle"] == "cramp \ufffd study"


def test_jsonl_log_skips_a_line_cut_by_a_crash(tmp_path):
    log = tmp_path / "runs.jsonl"
    files.append_jsonl(log, {"run_id": "a", "outcome": "published"})
    with log.open("a") as fh:
        fh.write('{"run_id": "b", "outc')  # a crash in the middle of a line
    files.append_jsonl(log, {"run_id": "c", "outcome": "skipped"})
    assert [r["run_id"] for r in files.read_jsonl(log)] == ["a", "c"]
    assert list(files.read_jsonl(tmp_path / "missing.jsonl")) == []
