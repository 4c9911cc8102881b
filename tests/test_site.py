"""The export schema and rules, the rendered article page, fragment and full list, atomic site
writes."""

import copy
import re

import pytest
from sitedata import render_fragment, render_list, render_page, site_export

from pipeline.config.article import load_article
from pipeline.publish.export_validation import ExportInvalid, load_schema, validate_export
from pipeline.publish.site import write_site


def make_export() -> dict:
    """Return the v2 export of the corpus with the sitedata records made relevant (a copy)."""
    return site_export()


@pytest.fixture
def article():
    return load_article("inside-leg-cramps-cause")


def test_schema_is_valid_draft_2020_12():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(load_schema())


def test_accepts_a_valid_export():
    validate_export(make_export())


def test_accepts_nulls_where_the_registry_may_say_nothing():
    doc = make_export()
    trial = next(t for t in doc["trials"] if t["nct_id"] == "NCT05547750")
    assert trial["lead_sponsor"] == {"name": None, "class": None}
    assert trial["enrollment"] == {"count": None, "type": None}
    assert trial["start_date"] is None and trial["last_update"] is None
    doc["data_timestamp"] = None
    doc["trials"][0].update(
        phases=[], phase_label=None, countries=[], locations=[], eligibility=None
    )
    validate_export(doc)


def _without_reasons(doc):
    del doc["trials"][0]["reasons"]


def _one_reason(doc):
    doc["trials"][1]["reasons"] = ["Recruiting"]


def _bad_nct_id(doc):
    doc["trials"][0]["nct_id"] = "NCT123"


def _ranks_swapped(doc):
    doc["trials"][0]["rank"], doc["trials"][1]["rank"] = 2, 1


def _contact_field(doc):
    doc["trials"][0]["locations"][0]["contact_email"] = "someone@example.org"


def _bad_status(doc):
    doc["trials"][0]["status"] = "OPEN"


def _duplicate_trial(doc):
    first = doc["trials"][0]["nct_id"]
    doc["trials"][1].update(nct_id=first, url=f"https://clinicaltrials.gov/study/{first}")


def _url_of_another_trial(doc):
    doc["trials"][0]["url"] = "https://clinicaltrials.gov/study/NCT05547750"


def _listed_count_off(doc):
    doc["studies_listed"] = 3
    doc["studies_considered"] = 10


def _partial_date_wrong(doc):
    doc["trials"][0]["start_date"] = "2015-13"


@pytest.mark.parametrize(
    "spoil, message",
    [
        (_without_reasons, r"\$\.trials\[0\]: 'reasons' is a required property"),
        (_one_reason, r"\$\.trials\[1\]\.reasons: has 1 items, needs at least 2"),
        (_bad_nct_id, r"\$\.trials\[0\]\.nct_id: 'NCT123' does not match"),
        (_ranks_swapped, r"\$\.trials: ranks must be 1\.\.{n} in order, got \[2, 1, 3"),
        (_contact_field, r"\$\.trials\[0\]\.locations\[0\]: .*'contact_email' was unexpected"),
        (_bad_status, r"\$\.trials\[0\]\.status: 'OPEN' is not one of the 14 allowed values"),
        (_duplicate_trial, r"nct_id listed more than once: {first}"),
        (_url_of_another_trial, r"\$\.trials\[0\]\.url: .* is not the page of {first}"),
        (_listed_count_off, r"\$\.studies_listed: 3 but there are {n} trials"),
        (_partial_date_wrong, r"\$\.trials\[0\]\.start_date: '2015-13' does not match"),
    ],
)
def test_rejects_invalid_exports_clearly(spoil, message):
    doc = make_export()
    # {n} and {first}: the trial count and the first trial of the data, whatever they are.
    message = message.replace("{n}", str(len(doc["trials"])))
    message = message.replace("{first}", doc["trials"][0]["nct_id"])
    spoil(doc)
    with pytest.raises(ExportInvalid, match=message):
        validate_export(doc)


def test_error_message_lists_the_first_few_problems():
    doc = make_export()
    for trial in doc["trials"][:2]:
        trial["status"] = "OPEN"
        trial["reasons"] = []
    with pytest.raises(ExportInvalid) as err:
        validate_export(doc)
    assert str(err.value).count("$.trials[") == 4


def test_registry_text_is_escaped(article):
    # Synthetic: a valid export with one title replaced by markup, built here in code.
    doc = make_export()
    doc["trials"][0]["title"] = "<script>alert(1)</script>"
    doc["trials"][1]["conditions"] = ['"><img src=x onerror=alert(2)>']
    for html in (render_page(doc, article), render_fragment(doc)):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html


def test_page_renders_article_and_trials_in_rank_order(article):
    doc = make_export()
    html = render_page(doc, article)
    assert html.startswith("<!doctype html>")
    assert '<html lang="en">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "Header Image" not in html
    assert "<h1>Inside Leg Cramps Cause</h1>" in html
    for anchor in ("leg-cramps-overview-and-symptoms", "triggers-and-causes-of-leg-cramps"):
        assert f'<a href="#{anchor}">' in html
    for theme in article.themes:
        assert f'id="{theme.anchor}"' in html
    assert '<h3 id="prevention">Prevention</h3>' in html
    assert "<li>Gently massaging the cramped muscle may also help relieve tension.</li>" in html
    shown = re.findall(r'data-nct-id="(NCT\d{8})" data-rank="(\d+)"', html)
    assert shown == [(t["nct_id"], str(t["rank"])) for t in doc["trials"][:10]]
    # The trials section sits where the marker line was: after the overview, before the causes.
    overview = html.index('id="leg-cramps-overview-and-symptoms"')
    table = html.index('<table class="tt-table"')
    causes = html.index('id="triggers-and-causes-of-leg-cramps"')
    assert overview < table < causes
    assert html.count('<h2 id="find-top-clinical-trials">Find Top Clinical Trials</h2>') == 1
    # The contents list every section heading of the page, the trials section included.
    toc = re.findall(r'<li><a href="#([a-z0-9-]+)">', html)
    h2 = re.findall(r'<h2 id="([a-z0-9-]+)"', html)
    assert toc == h2 and "find-top-clinical-trials" in toc
    assert "30,000" not in html


def test_words_for_patients(article):
    doc = make_export()
    html = render_page(doc, article)
    # No raw score: neither a trial's points nor the maxima.
    for t in doc["trials"][:10]:
        assert not re.search(rf"(?<![\d.]){t['score']:.1f}(?!\d)", html)
    assert "Score" not in html and " of 123" not in html
    # The rank is explained in words on demand.
    assert html.count("How it was ranked<") == 10
    assert "<li>Recruitment status: Recruiting now</li>" in html
    # No reason repeating the status or phase columns, and no pipeline jargon.
    assert "Why it is listed: Recruiting now" not in html
    assert "near miss" not in html
    assert "About another condition: " in html
    # Closed trials say so, with their end year.
    children = next(t for t in doc["trials"] if t["nct_id"] == "NCT04431453")
    year = children["completion_date"][:4]
    assert f'<span class="tt-closed">Closed: ended {year}</span>' in html
    # The full list is a page, and the downloads are named.
    n = len(doc["trials"])
    assert f'<a href="top-trials/leg-cramps.html">See all {n} trials</a> ({n - 10} more).' in html
    assert '<a href="top-trials/leg-cramps.csv">spreadsheet (CSV)</a>' in html


def test_table_cells_carry_labels_badges_and_links(article):
    doc = make_export()
    html = render_page(doc, article)
    assert html.count('<th scope="col"') == 5 + 2  # the table and the left-out reasons
    caption = f"Top 10 of {len(doc['trials'])} listed clinical trials, best match first"
    assert f"<caption>{caption}</caption>" in html
    first = doc["trials"][0]
    title = first["title"].replace("'", "&#39;")
    assert f'<a href="{first["url"]}" rel="noopener">{title}</a>' in html
    assert '<span class="badge badge-recruiting badge-open">Recruiting</span>' in html
    assert 'class="badge badge-enrolling-by-invitation badge-open"' in html
    assert '<a class="tag" href="#leg-cramps-overview-and-symptoms">' in html
    for label in ("Rank", "Trial", "Status", "Who can join", "Where"):
        assert f'data-label="{label}"' in html
    assert "Ages: 8 months and over" in html and "Ages: 21 to 99 years" in html
    assert "Registry data as of" in html
    assert "25 November 2026, 10:00 UTC" in html
    assert 'href="mailto:' in html


def test_location_missing_is_said_in_words(article):
    doc = make_export()
    html = render_fragment(doc)
    listed = [t for t in doc["trials"][:10] if t["locations"]]
    assert html.count("Location not listed") == 10 - len(listed)
    doc["trials"][0].update(countries=[], locations=[], site_count=0, country_count=0)
    assert render_fragment(doc).count("Location not listed") == 11 - len(listed)


def test_fragment_is_the_section_alone_and_its_links_resolve_from_anywhere():
    html = render_fragment(make_export())
    assert html.lstrip().startswith('<section class="top-trials"')
    assert html.rstrip().endswith("</section>")
    assert "<html" not in html and "<body" not in html
    assert "<style>" in html and "<script>" in html
    # Without a base URL, links are relative to the fragment's own folder (fragments/).
    assert 'href="../inside-leg-cramps-cause.html#leg-cramps-overview-and-symptoms"' in html
    assert 'href="../top-trials/leg-cramps.html"' in html
    based = render_fragment(make_export(), base_url="https://example.org/health/")
    assert 'href="https://example.org/health/inside-leg-cramps-cause.html#prevention"' in based
    assert 'href="https://example.org/health/top-trials/leg-cramps.v2.json"' in based
    assert not re.search(r'href="(?!https://|#|mailto:|tel:)', based)


def test_limit_shows_first_trials_and_points_to_the_full_list():
    doc = make_export()
    html = render_fragment(doc, limit=1)
    n = len(doc["trials"])
    assert re.findall(r'data-nct-id="(NCT\d{8})"', html) == [doc["trials"][0]["nct_id"]]
    assert f"See all {n} trials</a> ({n - 1} more)." in html


def test_full_list_page_shows_every_trial():
    doc = make_export()
    html = render_list(doc)
    assert re.findall(r'data-nct-id="(NCT\d{8})"', html) == [t["nct_id"] for t in doc["trials"]]
    assert '<a href="../inside-leg-cramps-cause.html">Back to the article' in html
    assert '<a href="../top-trials/leg-cramps.csv">' in html


def test_rejects_article_sections_the_article_lacks(article):
    doc = make_export()
    tagged = next(t for t in doc["trials"] if t["article_sections"])
    tagged["article_sections"][0]["anchor"] = "no-such-heading"
    with pytest.raises(ExportInvalid, match="#no-such-heading"):
        render_page(doc, article)


SITE_FILES = [
    "fragments",
    "inside-leg-cramps-cause.html",
    "leg-cramps-top-trials.html",
    "leg-cramps.html",
    "top-trials",
]


def test_write_site_writes_page_fragment_and_list(tmp_path, article):
    paths = write_site(make_export(), article, tmp_path)
    assert paths == {
        "page": tmp_path / "inside-leg-cramps-cause.html",
        "fragment": tmp_path / "fragments" / "leg-cramps-top-trials.html",
        "list": tmp_path / "top-trials" / "leg-cramps.html",
    }
    first = make_export()["trials"][0]["nct_id"]
    assert f'data-nct-id="{first}"' in paths["page"].read_text()
    assert 'data-nct-id="NCT06171568"' in paths["fragment"].read_text()
    assert sorted(p.name for p in tmp_path.rglob("*")) == SITE_FILES


def test_write_site_leaves_previous_files_when_the_export_is_invalid(tmp_path, article):
    paths = write_site(make_export(), article, tmp_path)
    before = {key: path.read_bytes() for key, path in paths.items()}
    broken = copy.deepcopy(make_export())
    del broken["trials"][0]["reasons"]
    with pytest.raises(ExportInvalid):
        write_site(broken, article, tmp_path)
    assert {key: path.read_bytes() for key, path in paths.items()} == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == SITE_FILES
