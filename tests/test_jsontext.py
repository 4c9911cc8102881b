"""JSON at any depth (pipeline.core.jsontext) and the staging writer that names too-deep records
(pipeline.fetch.staging): the values and text of json at every depth json reaches, and past it."""

import io
import json

import duckdb
import ijson
import pytest
from realdata import corpus_records

from pipeline.core import jsontext
from pipeline.fetch.staging import MAX_DEPTH, stage_values

SMALL = [
    "[]",
    "{}",
    "[[],{}, [[]]]",
    '{"a": {"a": 1, "a": 2}, "b": [true, false, null]}',
    "[1.5e3, -0, 2E-2, 0.1, NaN, Infinity, -Infinity, 12345678901234567890123]",
    '"x\\u00e9\\ud800\\n\\"q\\""',
    " [ 1 , [ 2 ] ] ",
    '{"emoji": "\\ud83d\\ude00", "nul": "\\u0000"}',
]
BAD = ["[", "[1,]", '{"a"}', '{"a":1,}', "[1 2]", "", "[1]x", "{1:2}", "tru", '["a\tb"]']


def deep(levels: int, kind: str) -> str:
    return (
        ("[" * levels + "]" * levels) if kind == "list" else '{"x":' * levels + "1" + "}" * levels
    )


@pytest.mark.parametrize("text", SMALL)
def test_the_walk_reads_and_writes_what_json_does(text):
    value = json.loads(text)
    walked = jsontext._loads_iteratively(text)
    assert json.dumps(walked) == json.dumps(value)  # NaN != NaN: compare the texts
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert jsontext._dumps_iteratively(value) == compact


@pytest.mark.parametrize("text", BAD)
def test_the_walk_refuses_what_json_refuses(text):
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        jsontext._loads_iteratively(text)


def test_every_corpus_record_reads_and_writes_the_same_both_ways():
    for record in corpus_records().values():
        text = json.dumps(record, ensure_ascii=False)
        assert jsontext._loads_iteratively(text) == record
        assert jsontext._dumps_iteratively(record) == json.dumps(
            record, ensure_ascii=False, separators=(",", ":")
        )
        events = ijson.basic_parse(io.BytesIO(text.encode()), use_float=True)
        assert list(jsontext.from_events(events)) == [record]
        assert jsontext.depth(record) <= jsontext.bracket_depth(text.encode()) + 1


@pytest.mark.parametrize(
    ("levels", "kind"),
    # 100,000 levels take ~1.5 s: outside the quick loop (test-fast), in the full suite.
    [
        (990, "list"),
        (10_000, "object"),
        pytest.param(100_000, "list", marks=pytest.mark.integration),
    ],
)
def test_values_nested_past_the_recursion_limit_read_and_write(levels, kind):
    text = deep(levels, kind)
    with pytest.raises(RecursionError):
        json.loads(text)
    value = jsontext.loads(text.encode())
    assert jsontext.depth(value) == levels and jsontext.dumps(value) == text
    assert jsontext.bracket_depth(text.encode()) == levels
    events = ijson.basic_parse(io.BytesIO(f"[{text}, 7]".encode()))
    items = list(jsontext.from_events(events))
    assert items[1] == 7 and jsontext.depth(items[0]) == levels


def test_a_circular_value_is_refused_not_looped_over():
    value: list = []
    value.append(value)
    with pytest.raises(ValueError, match="Circular"):
        jsontext._dumps_iteratively(value)


def test_depth_counts_containers():
    assert [jsontext.depth(v) for v in (1, [], {"a": 1}, [[1]], {"a": [{}]})] == [0, 1, 1, 2, 3]


def test_the_staging_writer_names_only_records_past_max_depth_by_duckdbs_content_hash(tmp_path):
    # SYNTHETIC: a real record, and copies with a value nested just under and just past the bound
    # (the record's own levels count too), and with brackets in strings that pass it.
    record = corpus_records()["NCT02552212"]
    base = jsontext.depth(record)

    def nest(levels: int) -> dict:
        copy = json.loads(json.dumps(record))
        copy["protocolSection"]["x"] = json.loads(deep(levels, "list"))
        return copy

    brackets = json.loads(json.dumps(record))
    brackets["protocolSection"]["identificationModule"]["briefTitle"] = "[" * 2 * MAX_DEPTH
    records = [record, nest(MAX_DEPTH - 2), nest(MAX_DEPTH - 1), brackets]
    staged = stage_values(records, tmp_path / "s.ndjson")
    assert staged.records == 4
    [named] = staged.deep
    assert named.depth == MAX_DEPTH + 1 > base
    con = duckdb.connect()
    hashes = con.execute(
        "select md5(json::varchar) from read_ndjson_objects(?)", [str(staged.path)]
    ).fetchall()
    assert named.content_hash == hashes[2][0]
