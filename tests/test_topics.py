"""Topics are data: validation and MeSH id normalisation."""

import re

import pytest

from pipeline.config.topics import (
    TOPICS_DIR,
    TOPICS_DIR_ENV,
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
        ({"slug": "x", "tiers": {"tertiary": "Third"}}, r"tiers\.tertiary is not a tier"),
        ({"slug": "x", "tiers": {"primary": " "}}, r"tiers\.primary must be a non-empty string"),
    ],
)
def test_rejects_malformed_topic(data, message):
    with pytest.raises(TopicError, match=message):
        topic_from_dict(data)


def test_unknown_topic_names_known_ones():
    with pytest.raises(TopicError, match="leg-cramps"):
        load_topic("no-such-topic")


# SYNTHETIC: hostile variants of the shipped topics/leg-cramps.toml, made by editing its text in
# code and loaded from a temporary topics folder ($TRIALS_TOPICS_DIR).
SHIPPED = TOPICS_DIR / "leg-cramps.toml"


def _replace(pattern: str, new: str):
    def edit(text: str) -> str:
        changed, count = re.subn(pattern, new, text, count=1, flags=re.M | re.S)
        assert count == 1, pattern  # the shipped file still has what the variant edits
        return changed

    return edit


VARIANTS = {
    "weight-is-text": (_replace(r"^relevance = 30\.0", 'relevance = "abc"'), "weights.relevance"),
    "weight-negative": (_replace(r"^status = 60\.0", "status = -1.0"), "weights.status"),
    "weight-unknown": (_replace(r"^\[weights\]\n", "[weights]\nrelevence = 3.0\n"), "relevence"),
    "terms-a-string": (
        _replace(r"^primary_terms = \[.*?\]\n", 'primary_terms = "leg cramps"\n'),
        "relevance.primary_terms must be a list of non-empty strings, not a string",
    ),
    "terms-empty-string": (
        _replace(r'^exclude_terms = \["menstrual"', 'exclude_terms = ["", "menstrual"'),
        "relevance.exclude_terms",
    ),
    "terms-unknown": (_replace(r"^\[relevance\]\n", "[relevance]\nprimary = []\n"), "primary"),
    "status-above-one": (
        _replace(r"^RECRUITING = 1\.0", "RECRUITING = 2"),
        "status_values.RECRUITING",
    ),
    "sponsor-text": (_replace(r"^NIH = 1\.0", 'NIH = "high"'), "sponsor_values.NIH"),
    "query-id-repeated": (
        _replace(r'id = "cond-muscle-cramps"', 'id = "cond-leg-cramps"'),
        "cond-leg-cramps repeated",
    ),
    "query-param-number": (
        _replace(r'params = \{ "query.titles" = .*?\}', 'params = { "query.titles" = 7 }'),
        "params.query.titles must be a string",
    ),
    "query-params-a-string": (
        _replace(r'params = \{ "query.titles" = .*?\}', 'params = "cramps"'),
        "params must be a table",
    ),
    "query-without-id": (_replace(r'^id = "titles-cramps"\n', ""), "queries[3]"),
    "top-level-typo": (_replace(r"^article_title = ", "artcle_title = "), "artcle_title"),
    "table-typo": (_replace(r"^\[weights\]\n", "[weigths]\n"), "unknown key(s) weigths"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_rejects_a_malformed_topic_file_naming_the_key_and_file(name, tmp_path, monkeypatch):
    edit, message = VARIANTS[name]
    (tmp_path / "leg-cramps.toml").write_text(edit(SHIPPED.read_text()))
    monkeypatch.setenv(TOPICS_DIR_ENV, str(tmp_path))
    with pytest.raises(TopicError) as caught:
        load_topic("leg-cramps")
    text = str(caught.value)
    assert text.startswith(f"{tmp_path / 'leg-cramps.toml'}: ") and message in text, text
    assert "\n" not in text


def test_the_shipped_file_copied_loads_from_the_topics_folder_variable(tmp_path, monkeypatch):
    (tmp_path / "leg-cramps.toml").write_text(SHIPPED.read_text())
    monkeypatch.setenv(TOPICS_DIR_ENV, str(tmp_path))
    assert list_topics() == ["leg-cramps"]
    assert load_topic("leg-cramps") == load_topic("leg-cramps", TOPICS_DIR)


@pytest.mark.parametrize("slug", ["../../x", "../topics/leg-cramps", "/etc/passwd", "Leg-Cramps",
                                  "leg_cramps", "leg-cramps.toml", "", "-x"])  # fmt: skip
def test_a_slug_names_a_file_inside_the_topics_folder_only(slug, tmp_path, monkeypatch):
    # SYNTHETIC: a valid topic file outside the topics folder, where `../x` would lead.
    outside = tmp_path / "x.toml"
    outside.write_text(SHIPPED.read_text().replace('slug = "leg-cramps"', 'slug = "x"'))
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "leg-cramps.toml").write_text(SHIPPED.read_text())
    monkeypatch.setenv(TOPICS_DIR_ENV, str(tmp_path / "topics"))
    with pytest.raises(TopicError, match=r"not a topic slug.*known topics in .*: leg-cramps$"):
        load_topic(slug)


def test_an_unreadable_topic_file_names_it(tmp_path):
    (tmp_path / "gout.toml").write_bytes(b'slug = "gout"\ntitle = "Go\xfct"\n')
    with pytest.raises(TopicError, match=r"gout.toml: not UTF-8"):
        load_topic("gout", tmp_path)


def test_seed_terms_are_stored_in_norm_text_form():
    # The seed tables hold each relevance and theme term as written and as norm_text makes it,
    # which is what the classification matches against.
    from pipeline.warehouse import db
    from pipeline.warehouse.seeds import load_seeds

    con = db.connect(":memory:")
    db.apply_macros(con)
    load_seeds(con, [load_topic(slug) for slug in list_topics()])
    for table in ("topic_terms", "article_themes"):
        total, normalised, differs = con.execute(
            "select count(*), count(*) filter (where term_norm = norm_text(term)),"
            " count(*) filter (where term_norm <> term) from " + table
        ).fetchone()
        assert total > 10
        assert normalised == total
        assert differs == total  # norm_text pads with spaces, so no term is its own form
    # The table name is written into the statement, so only a seed table is taken.
    with pytest.raises(ValueError, match="not a seed table"):
        db.insert_rows(con, "studies; drop table topics", [["x"]])
