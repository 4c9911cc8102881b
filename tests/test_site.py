"""The export schema and rules, the rendered article page and fragment, atomic site writes."""

import copy
import json
import re
from pathlib import Path

import pytest

from pipeline.article import load_article
from pipeline.site import (
    ExportInvalid,
    load_schema,
    render_fragment,
    render_page,
    validate_export,
    write_site,
)

TRANSCRIBED = Path(__file__).resolve().parents[1] / "corpus" / "transcribed"
WEIGHTS = {
    "relevance": 30.0,
    "status": 60.0,
    "phase": 8.0,
    "enrollment": 6.0,
    "recency": 6.0,
    "results": 4.0,
    "sites": 3.0,
    "countries": 2.0,
    "sponsor": 2.0,
    "article": 2.0,
}


def trial_from_record(nct_id: str, rank: int, components: dict, reasons: list, sections: list):
    """Return an export trial: registry facts from the transcribed record, ranking given."""
    study = json.loads((TRANSCRIBED / f"{nct_id}.json").read_text())["protocolSection"]
    status = study["statusModule"]
    design = study["designModule"]
    sponsors = study.get("sponsorCollaboratorsModule", {}).get("leadSponsor", {})
    enrollment = design.get("enrollmentInfo", {})
    locations = study.get("contactsLocationsModule", {}).get("locations", [])
    countries = sorted({loc["country"] for loc in locations if loc.get("country")})
    phases = design.get("phases", [])
    labels = {"NA": "Not applicable", "PHASE3": "Phase 3"}
    return {
        "rank": rank,
        "nct_id": nct_id,
        "url": f"https://clinicaltrials.gov/study/{nct_id}",
        "title": study["identificationModule"]["briefTitle"],
        "acronym": study["identificationModule"].get("acronym"),
        "status": status["overallStatus"],
        "status_label": status["overallStatus"].replace("_", " ").capitalize(),
        "phases": phases,
        "phase_label": labels[phases[0]] if phases else None,
        "conditions": study["conditionsModule"]["conditions"],
        "interventions": [
            {"type": i.get("type"), "name": i["name"]}
            for i in study["armsInterventionsModule"]["interventions"]
        ],
        "lead_sponsor": {"name": sponsors.get("name"), "class": sponsors.get("class")},
        "enrollment": {"count": enrollment.get("count"), "type": enrollment.get("type")},
        "start_date": status.get("startDateStruct", {}).get("date"),
        "last_update": status.get("lastUpdatePostDateStruct", {}).get("date"),
        "site_count": len(locations),
        "country_count": len(countries),
        "countries": countries,
        "locations": [
            {
                "facility": loc.get("facility"),
                "city": loc.get("city"),
                "country": loc.get("country"),
            }
            for loc in locations[:5]
        ],
        "relevance": {"tier": "primary", "reason": reasons[-1]},
        "score": round(sum(components.values()), 3),
        "components": components,
        "reasons": reasons,
        "article_sections": sections,
    }


def make_export() -> dict:
    """Return a valid export of two real transcribed trials.

    Registry facts come from corpus/transcribed/; the scores, reasons, counts and timestamps are
    synthetic, chosen to be consistent with each other.
    """
    zero = dict.fromkeys(WEIGHTS, 0.0)
    first = trial_from_record(
        "NCT02423395",
        1,
        {**zero, "relevance": 30.0, "status": 60.0, "phase": 8.0, "enrollment": 3.0},
        ["Recruiting", "Studies muscle cramps in liver cirrhosis"],
        [],
    )
    second = trial_from_record(
        "NCT05547750",
        2,
        {**zero, "relevance": 30.0, "status": 54.0, "sites": 0.529, "article": 2.0},
        ["Enrolling by invitation", "Studies nocturnal leg cramps"],
        [
            {
                "id": "nocturnal",
                "label": "Overview: night-time cramps and sleep",
                "anchor": "leg-cramps-overview-and-symptoms",
            }
        ],
    )
    return {
        "schema_version": "1.0",
        "topic": "leg-cramps",
        "topic_title": "Leg and muscle cramps",
        "article": {"slug": "inside-leg-cramps-cause", "title": "Inside Leg Cramps Cause"},
        "generated_at": "2026-11-25T10:00:00Z",
        "data_timestamp": "2026-11-24T09:00:05",
        "studies_considered": 5,
        "studies_listed": 2,
        "excluded_by_reason": {
            "near miss: dysmenorrhea": 1,
            "no cramp term in titles, conditions, keywords or outcome measures": 1,
        },
        "withheld_incomplete": ["NCT04694417"],
        "score_weights": dict(WEIGHTS),
        "trials": [first, second],
    }


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
    trial = doc["trials"][1]
    assert trial["lead_sponsor"] == {"name": None, "class": None}
    assert trial["enrollment"] == {"count": None, "type": None}
    assert trial["start_date"] is None and trial["last_update"] is None
    doc["data_timestamp"] = None
    doc["trials"][0].update(phases=[], phase_label=None, countries=[], locations=[])
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
    doc["trials"][1].update(
        nct_id="NCT02423395", url="https://clinicaltrials.gov/study/NCT02423395"
    )


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
        (_ranks_swapped, r"\$\.trials: ranks must be 1\.\.2 in order, got \[2, 1\]"),
        (_contact_field, r"\$\.trials\[0\]\.locations\[0\]: .*'contact_email' was unexpected"),
        (_bad_status, r"\$\.trials\[0\]\.status: 'OPEN' is not one of the 14 allowed values"),
        (_duplicate_trial, r"nct_id listed more than once: NCT02423395"),
        (_url_of_another_trial, r"\$\.trials\[0\]\.url: .* is not the page of NCT02423395"),
        (_listed_count_off, r"\$\.studies_listed: 3 but there are 2 trials"),
        (_partial_date_wrong, r"\$\.trials\[0\]\.start_date: '2015-13' does not match"),
    ],
)
def test_rejects_invalid_exports_clearly(spoil, message):
    doc = make_export()
    spoil(doc)
    with pytest.raises(ExportInvalid, match=message):
        validate_export(doc)


def test_error_message_lists_the_first_few_problems():
    doc = make_export()
    for trial in doc["trials"]:
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
    assert re.findall(r'data-nct-id="(NCT\d{8})" data-rank="(\d+)"', html) == [
        ("NCT02423395", "1"),
        ("NCT05547750", "2"),
    ]
    # The trials section sits where the marker line was: after the overview, before the causes.
    overview = html.index('id="leg-cramps-overview-and-symptoms"')
    table = html.index('<table class="tt-table"')
    causes = html.index('id="triggers-and-causes-of-leg-cramps"')
    assert overview < table < causes
    assert html.count('<h2 id="find-top-clinical-trials">Find Top Clinical Trials</h2>') == 1
    assert "Choose from over 30,000 active clinical trials." in html


def test_table_cells_carry_labels_badges_and_links(article):
    html = render_page(make_export(), article)
    assert html.count('<th scope="col" role="columnheader"') == 7
    assert "<caption>Top 2 of 2 relevant clinical trials, by rank</caption>" in html
    assert (
        '<a href="https://clinicaltrials.gov/study/NCT02423395" rel="noopener">'
        "Study of Orphenadrine&#39; in the Treatment of Muscle Cramps in Patients With Cirrhosis"
        "</a>"
    ) in html
    assert '<span class="badge badge-recruiting badge-open">Recruiting</span>' in html
    assert 'class="badge badge-enrolling-by-invitation badge-open"' in html
    assert '<a class="tag" href="#leg-cramps-overview-and-symptoms">' in html
    for label in ("Rank", "Status", "Phase", "Where", "Why this trial", "Score"):
        assert f'data-label="{label}"' in html
    assert "Egypt" in html and "China" in html
    assert "<li>Studies nocturnal leg cramps</li>" in html
    assert "Registry data as of" in html and "24 November 2026" in html
    assert "25 November 2026, 10:00 UTC" in html
    assert "<td>near miss: dysmenorrhea</td>" in html


def test_location_missing_is_said_in_words(article):
    doc = make_export()
    doc["trials"][0].update(countries=[], locations=[], site_count=0, country_count=0)
    html = render_fragment(doc)
    assert "Location not listed" in html


def test_fragment_is_the_section_alone():
    html = render_fragment(make_export())
    assert html.lstrip().startswith('<section class="top-trials"')
    assert html.rstrip().endswith("</section>")
    assert "<html" not in html and "<body" not in html
    assert "<style>" in html


def test_limit_shows_first_trials_and_points_to_the_full_list():
    html = render_fragment(make_export(), limit=1)
    assert re.findall(r'data-nct-id="(NCT\d{8})"', html) == ["NCT02423395"]
    assert "1 more relevant trial in the" in html
    assert '<a href="top-trials/leg-cramps.json">full list</a>' in html


def test_rejects_article_sections_the_article_lacks(article):
    doc = make_export()
    doc["trials"][1]["article_sections"][0]["anchor"] = "no-such-heading"
    with pytest.raises(ExportInvalid, match="#no-such-heading"):
        render_page(doc, article)


def test_write_site_writes_page_and_fragment(tmp_path, article):
    paths = write_site(make_export(), article, tmp_path)
    assert paths == {
        "page": tmp_path / "inside-leg-cramps-cause.html",
        "fragment": tmp_path / "fragments" / "leg-cramps-top-trials.html",
    }
    assert 'data-nct-id="NCT02423395"' in paths["page"].read_text()
    assert 'data-nct-id="NCT05547750"' in paths["fragment"].read_text()
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "fragments",
        "inside-leg-cramps-cause.html",
        "leg-cramps-top-trials.html",
    ]


def test_write_site_leaves_previous_files_when_the_export_is_invalid(tmp_path, article):
    paths = write_site(make_export(), article, tmp_path)
    before = {key: path.read_bytes() for key, path in paths.items()}
    broken = copy.deepcopy(make_export())
    del broken["trials"][0]["reasons"]
    with pytest.raises(ExportInvalid):
        write_site(broken, article, tmp_path)
    assert {key: path.read_bytes() for key, path in paths.items()} == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "fragments",
        "inside-leg-cramps-cause.html",
        "leg-cramps-top-trials.html",
    ]
