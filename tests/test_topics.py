"""Topics are data: validation and MeSH id normalisation."""

import pytest

from pipeline.topics import (
    TopicError,
    list_topics,
    load_topic,
    normalize_mesh_id,
    topic_from_dict,
)


def test_ships_leg_cramps_topic_with_muscle_cramp_mesh():
    topic = load_topic("leg-cramps")
    assert topic.mesh_ids == ("D009120",)
    assert topic.article == "inside-leg-cramps-cause"
    assert len(topic.queries) >= 2
    assert all(q.params for q in topic.queries)
    assert "leg-cramps" in list_topics()


@pytest.mark.parametrize(
    "raw, official",
    [
        ("D000009120", "D009120"),
        ("D009120", "D009120"),
        ("D000086382", "D000086382"),
        ("D000065631", "D065631"),
    ],
)
def test_normalizes_padded_mesh_ids(raw, official):
    assert normalize_mesh_id(raw) == official


def test_new_topic_needs_no_code(tmp_path):
    (tmp_path / "gout.toml").write_text(
        'slug = "gout"\nmesh_ids = ["D006073"]\n'
        '[[queries]]\nid = "cond-gout"\nparams = { "query.cond" = "gout" }\n'
    )
    topic = load_topic("gout", tmp_path)
    assert topic.queries[0].params == {"query.cond": "gout"}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"slug": "x", "queries": [{"id": "q", "params": {"pageToken": "t"}}]}, "unsupported"),
        ({"slug": "x", "queries": [{"id": "q"}, {"id": "q"}]}, "unique"),
        ({"slug": "x", "mesh_ids": ["9120"]}, "MeSH"),
    ],
)
def test_rejects_malformed_topic(data, message):
    with pytest.raises(TopicError, match=message):
        topic_from_dict(data)


def test_unknown_topic_names_known_ones():
    with pytest.raises(TopicError, match="leg-cramps"):
        load_topic("no-such-topic")
