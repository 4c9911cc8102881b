"""Article content: metadata and themes from the TOML, the plain text parsed into blocks."""

import pytest

from pipeline.config.article import ArticleError, load_article, parse_article, slugify

SLUG = "inside-leg-cramps-cause"


@pytest.fixture(scope="module")
def article():
    return load_article(SLUG)


@pytest.fixture(scope="module")
def body(article):
    return article.body()


def test_real_article_headings(body):
    headings = [(b.level, b.id, b.text) for b in body.blocks if b.kind == "heading"]
    assert headings == [
        (2, "leg-cramps-overview-and-symptoms", "Leg Cramps Overview and Symptoms"),
        (2, "triggers-and-causes-of-leg-cramps", "Triggers and Causes of Leg Cramps"),
        (2, "preventing-and-treating-leg-cramps", "Preventing and Treating Leg Cramps"),
        (3, "prevention", "Prevention"),
        (3, "treatment", "Treatment"),
    ]


def test_every_theme_anchor_is_a_heading_id(article, body):
    ids = set(body.heading_ids())
    assert {t.anchor for t in article.themes} <= ids
    assert {t.anchor for t in article.themes} == {
        "leg-cramps-overview-and-symptoms",
        "triggers-and-causes-of-leg-cramps",
        "prevention",
        "treatment",
    }


def test_title_and_contents_without_the_image_placeholder(article, body):
    assert body.title == article.title == "Inside Leg Cramps Cause"
    # The contents name the page's sections as headed, the trials section included.
    assert [(e.label, e.target) for e in body.toc] == [
        ("Leg Cramps Overview and Symptoms", "leg-cramps-overview-and-symptoms"),
        ("Find Top Clinical Trials", "find-top-clinical-trials"),
        ("Triggers and Causes of Leg Cramps", "triggers-and-causes-of-leg-cramps"),
        ("Preventing and Treating Leg Cramps", "preventing-and-treating-leg-cramps"),
    ]
    sections = [b for b in body.blocks if b.kind == "marker" or b.level == 2 and b.id]
    assert [e.target for e in body.toc] == [b.id for b in sections]
    texts = [b.text for b in body.blocks] + [i for b in body.blocks for i in b.items]
    assert not any("Header Image" in t for t in texts)


def test_lists_keep_their_items(body):
    lists = [(b.kind, b.items) for b in body.blocks if b.items]
    assert [(kind, len(items)) for kind, items in lists] == [
        ("bullets", 5),
        ("bullets", 4),
        ("bullets", 3),
        ("numbered", 3),
    ]
    assert lists[0][1][2] == "mineral deficiencies (especially magnesium and potassium)"
    # The causes list has blank lines between items: still one list.
    assert lists[1][1][3].startswith("Certain medications can trigger leg cramps")
    assert lists[3][1][2] == "Gently massaging the cramped muscle may also help relieve tension."


def test_sentences_ending_in_a_colon_are_paragraphs(body):
    paragraphs = [b.text for b in body.blocks if b.kind == "paragraph"]
    assert "Leg cramps can be triggered by various factors such as:" in paragraphs
    assert "When a leg cramp occurs:" in paragraphs
    assert len(paragraphs) == 10


def test_marker_is_found_in_the_overview(article, body):
    kinds = [b.kind for b in body.blocks]
    assert kinds.count("marker") == 1
    at = kinds.index("marker")
    marker = body.blocks[at]
    assert (marker.text, marker.id) == (article.trials_marker, "find-top-clinical-trials")
    # The article's "over 30,000 active clinical trials" line is gone: the page gives true counts.
    assert not any("30,000" in b.text for b in body.blocks)
    headings = [i for i, kind in enumerate(kinds) if kind == "heading"]
    assert headings[0] < at < headings[1]


def test_parses_plain_text_without_contents_or_marker():
    body = parse_article(
        "A Title\n\nFirst Part\n\nSome text that is long enough to be a paragraph, it runs on.\n"
        "And wraps onto a second line.\n\n  - one\n  - two\n\nFirst Part\n\nMore.\n"
    )
    assert body.title == "A Title"
    assert body.toc == ()
    assert [(b.kind, b.id, b.level) for b in body.blocks] == [
        ("heading", "first-part", 2),
        ("paragraph", "", 2),
        ("bullets", "", 2),
        ("heading", "first-part-2", 2),
        ("paragraph", "", 2),
    ]
    assert body.blocks[1].text.endswith("it runs on. And wraps onto a second line.")


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Triggers and Causes of Leg Cramps", "triggers-and-causes-of-leg-cramps"),
        ("Prevention", "prevention"),
        ("  What's next? Café & co.  ", "what-s-next-cafe-co"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_missing_article_is_an_error(tmp_path):
    with pytest.raises(ArticleError, match="no article content"):
        load_article("nothing-here", content_dir=tmp_path)
