"""Reading downloaded files: exports, /studies pages, single records."""

import json

import pytest

from pipeline.core.files import iter_ndjson, write_ndjson
from pipeline.fetch.records import RecordFileError, latest_versions, read_study_file


def test_reads_each_shape(corpus_dir):
    export = read_study_file(corpus_dir / "exports" / "jinash-trial-match-ai-ctg-studies.json")
    page = read_study_file(corpus_dir / "pages" / "cyanheads-mcp-2025-06-17T11-15-33-page.json")
    single = read_study_file(corpus_dir / "studies" / "NCT00184067.json")
    assert len(export) == 10
    assert len(page) == 1  # a real page of pageSize=1 with a nextPageToken
    assert [s["protocolSection"]["identificationModule"]["nctId"] for s in single] == [
        "NCT00184067"
    ]


def test_keeps_latest_data_date(corpus_dir):
    old = read_study_file(corpus_dir / "studies" / "NCT02552212.json")
    new = read_study_file(corpus_dir / "studies" / "NCT02552212.snapshot-2024-01-03.json")
    for order in (old + new, new + old):
        chosen = latest_versions(order)
        assert chosen["NCT02552212"] is new[0]


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ('{"a": 1}', "not a ctg-studies.json"),
        ('[{"protocolSection": {}}]', "nctId"),
    ],
)
def test_rejects_bad_files_clearly(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(RecordFileError, match=message):
        read_study_file(path)


def test_ndjson_round_trip(corpus_dir, tmp_path):
    studies = read_study_file(corpus_dir / "studies" / "NCT02513394.json")
    out = tmp_path / "s.ndjson"
    assert write_ndjson(studies, out) == 1
    assert list(iter_ndjson(out)) == studies
    assert json.loads(out.read_text().splitlines()[0]) == studies[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
