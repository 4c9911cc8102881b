"""The Essie subset (essie.py, matching.py): parsing, precedence, and matching against
real-shaped study records."""

import copy
import re

import pytest

from pipeline.emulator.corpus import StudyDoc
from pipeline.emulator.essie import (
    All,
    And,
    Area,
    EssieError,
    Missing,
    Not,
    Or,
    Range,
    Search,
    Term,
    parse,
    stem,
    tokenize,
)
from pipeline.emulator.matching import matches

STUDY = {
    "protocolSection": {
        "identificationModule": {
            "nctId": "NCT00000001",
            "briefTitle": "Magnesium for Nocturnal Leg Cramps",
            "acronym": "MAG-NLC",
        },
        "statusModule": {
            "overallStatus": "NOT_YET_RECRUITING",
            "startDateStruct": {"date": "2023-06"},
            "lastUpdatePostDateStruct": {"date": "2024-03-05"},
        },
        "conditionsModule": {"conditions": ["Muscle Cramp", "Leg Cramps"]},
        "designModule": {"phases": ["PHASE2", "PHASE3"], "enrollmentInfo": {"count": 120}},
        "eligibilityModule": {"eligibilityCriteria": "Exclusion: menstrual cramping pain"},
    },
    "derivedSection": {
        "conditionBrowseModule": {
            "meshes": [{"id": "D009120", "term": "Muscle Cramp"}],
            "ancestors": [{"id": "D009461", "term": "Neurologic Manifestations"}],
        }
    },
}


def hit(expression, scope="BasicSearch"):
    return matches(parse(expression), StudyDoc(STUDY), scope)


def term(*words, **context):
    return Term(tuple(stem(w) for w in words), **context)


def phrase(*words):
    return term(*words, phrase=True)


@pytest.mark.parametrize("word", ["cramp", "Cramps", "CRAMPING", "cramp's"])
def test_stem_joins_word_forms(word):
    assert tokenize(word)[0] == "cramp"


def test_and_binds_tighter_than_or():
    assert parse("a OR b AND c") == Or((term("a"), And((term("b"), term("c")))))
    assert parse("a AND b OR c") == Or((And((term("a"), term("b"))), term("c")))


def test_words_without_operators_between_them_are_one_term():
    # The syntax page: a search term is a string of characters without embedded operators.
    assert parse("a OR b c") == Or((term("a"), term("b", "c")))
    assert parse("heart attack AND stroke") == And((term("heart", "attack"), term("stroke")))


def test_not_and_context_operators_bind_to_the_next_term():
    assert parse("bethesda NOT maryland") == And((term("bethesda"), Not(term("maryland"))))
    assert parse("NOT a OR b") == Or((Not(term("a")), term("b")))
    assert parse("AREA[LocationCity]New York") == Area("LocationCity", term("new", "york"))
    assert parse("AREA[Condition]a AND b") == And((Area("Condition", term("a")), term("b")))
    assert parse("AREA[condition](a OR b)") == Area("Condition", Or((term("a"), term("b"))))


def test_quotes_make_one_phrase_term():
    assert parse('"Leg Cramps" night') == And((phrase("leg", "cramps"), term("night")))


def test_range_and_missing_parse_inside_area():
    assert parse("AREA[LastUpdatePostDate]RANGE[2026-11-20, MAX]") == Area(
        "LastUpdatePostDate", Range("2026-11-20", "MAX")
    )
    assert parse("AREA[Phase]MISSING") == Area("Phase", Missing())


def test_context_operators_reach_every_term_of_their_operand():
    assert parse("EXPANSION[None]Leg Cramps") == Term(("Leg", "Cramps"), expansion="None")
    assert parse("COVERAGE[fullmatch](a OR b)") == Or(
        (term("a", coverage="FullMatch"), term("b", coverage="FullMatch"))
    )
    assert parse("TILT[StudyFirstPostDate]a") == term("a")
    assert parse("SEARCH[Study]a") == term("a")
    assert parse("SEARCH[Location](AREA[LocationCity]a)") == Search(
        "Location", Area("LocationCity", term("a"))
    )
    assert parse("ALL") == All()


def test_lower_case_operators_are_words():
    assert parse("heart and lung") == term("heart", "and", "lung")


@pytest.mark.parametrize(
    "expression, message",
    [
        ("", "empty"),
        ("(cramp", "missing ')'"),
        ("cramp)", "unexpected"),
        ("cramp OR", "expression ends"),
        ("NOT", "expression ends"),
        ('"leg cramp', "unterminated quote"),
        ("AREA[Condition", "missing ']'"),
        ("AREA[NoSuchPiece]cramp", "unknown"),
        ("RANGE[2020,MAX]", "RANGE needs AREA"),
        ("AREA[Condition]RANGE[2020,MAX]", "RANGE needs AREA"),
        ("AREA[StartDate]RANGE[2020]", "RANGE["),
        ("AREA[StartDate]RANGE[last year,MAX]", "RANGE["),
        ("AREA[StartDate]RANGE[2024/01/01,MAX]", "MM/DD/YYYY"),
        ("AREA[EnrollmentCount]RANGE[ten,MAX]", "RANGE["),
        ("MISSING", "MISSING needs AREA"),
        ('""', "no words"),
        ("()", "unexpected ')'"),
        ("COVERAGE[FullMatch", "missing ']'"),
        ("COVERAGE[Most]pain", "COVERAGE[Most]: use one of"),
        ("EXPANSION[Synonyms]pain", "EXPANSION[Synonyms]: use one of"),
        ("SEARCH[Contact](pain)", "SEARCH[Contact]: use one of"),
        ("TILT[NoSuchPiece]pain", "TILT[NoSuchPiece]"),
        ("SEARCH[Location](AREA[Condition]pain)", "not emulated"),
        ("SEARCH[Location](SEARCH[Study]pain)", "not emulated"),
        ("SEARCH[Location](MISSING)", "MISSING needs AREA"),
    ],
)
def test_syntax_errors(expression, message):
    with pytest.raises(EssieError, match=re.escape(message)):
        parse(expression)


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("cramping", True),
        ("magnesium cramps", True),
        ("magnesium quinine", False),
        ("magnesium OR quinine", True),
        ("magnesium NOT quinine", True),
        ("NOT magnesium", False),
        ('"leg cramps"', True),
        ('"cramps leg"', False),
        ('"magnesium leg"', False),
        ('"menstrual cramps"', True),
        ("(quinine OR magnesium) AND (night OR nocturnal)", True),
        ("AREA[Condition]magnesium", False),
        ("AREA[BriefTitle]magnesium", True),
        ("AREA[OverallStatus]RECRUITING", False),
        ("AREA[OverallStatus]NOT_YET_RECRUITING", True),
        ("AREA[Phase]PHASE3", True),
        ("AREA[StartDate]2023", True),
        ("AREA[ConditionAncestorTerm]neurologic", True),
        ("AREA[TitleSearch]MAG-NLC", True),
        ("AREA[Acronym]MISSING", False),
        ("AREA[OfficialTitle]MISSING", True),
    ],
)
def test_matches_basic_search(expression, expected):
    assert hit(expression) is expected


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("AREA[LastUpdatePostDate]RANGE[2024-03-05,MAX]", True),
        ("AREA[LastUpdatePostDate]RANGE[2024-03-06,MAX]", False),
        ("AREA[LastUpdatePostDate]RANGE[MIN,2024-03]", True),
        ("AREA[LastUpdatePostDate]RANGE[2024,2024]", True),
        ("AREA[LastUpdatePostDate]RANGE[MIN,2024-03-04]", False),
        ("AREA[LastUpdatePostDate]RANGE[03/05/2024, MAX]", True),
        ("AREA[LastUpdatePostDate]RANGE[3/6/2024, MAX]", False),
        ("AREA[StartDate]RANGE[2023-06-01,2023-06-30]", True),
        ("AREA[StartDate]RANGE[2023-07,MAX]", False),
        ("AREA[StudyFirstPostDate]RANGE[MIN,MAX]", False),
        ("AREA[EnrollmentCount]RANGE[100,200]", True),
        ("AREA[EnrollmentCount]RANGE[MIN,119]", False),
    ],
)
def test_range_on_dates_and_numbers(expression, expected):
    assert hit(expression) is expected


@pytest.mark.parametrize(
    "expression, expected",
    [
        # EXPANSION[None]: as written, case and symbols counting, words consecutive.
        ("EXPANSION[None]Cramps", True),
        ("EXPANSION[None]cramps", False),
        ("EXPANSION[None]Cramping", False),
        ("EXPANSION[None]MAG-NLC", True),
        ("EXPANSION[None]MAG NLC", False),
        ("EXPANSION[None]Leg Cramps", True),
        # Term and Concept: word forms, words consecutive; Relaxation anywhere; Lossy any.
        ("EXPANSION[Term]cramping", True),
        ("EXPANSION[Term]nocturnal leg", True),
        ("EXPANSION[Term]leg magnesium", False),
        ("EXPANSION[Concept]leg magnesium", False),
        ("leg magnesium", True),
        ("EXPANSION[Relaxation]leg quinine", False),
        ("EXPANSION[Lossy]leg quinine", True),
        ('EXPANSION[Lossy]"leg quinine"', False),
        # COVERAGE: the term against one whole field value.
        ("AREA[Condition]COVERAGE[FullMatch]leg cramps", True),
        ("AREA[Condition]COVERAGE[FullMatch]cramps", False),
        ("AREA[Condition]COVERAGE[StartsWith]muscle", True),
        ("AREA[Condition]COVERAGE[StartsWith]cramp", False),
        ("AREA[Condition]COVERAGE[EndsWith]cramp", True),
        ("AREA[Condition]COVERAGE[EndsWith]leg", False),
        ("AREA[Condition]COVERAGE[Contains]cramp", True),
        ("AREA[OverallStatus]COVERAGE[FullMatch]NOT_YET_RECRUITING", True),
        ("AREA[OverallStatus]COVERAGE[FullMatch]RECRUITING", False),
        ("AREA[Condition]COVERAGE[FullMatch](quinine OR muscle cramps)", True),
        ("AREA[Condition]EXPANSION[None]COVERAGE[FullMatch]muscle cramp", False),
        ("AREA[Condition]EXPANSION[None]COVERAGE[FullMatch]Muscle Cramp", True),
        # TILT only biases ranking; ALL is every study.
        ("TILT[StudyFirstPostDate]magnesium", True),
        ("TILT[StudyFirstPostDate]quinine", False),
        ("ALL", True),
        ("NOT ALL", False),
        ("SEARCH[Study](magnesium)", True),
    ],
)
def test_expansion_coverage_tilt_and_all(expression, expected):
    assert hit(expression) is expected


def located(*sites):
    """SYNTHETIC: STUDY (real-shaped) with the given locations."""
    study = copy.deepcopy(STUDY)
    study["protocolSection"]["contactsLocationsModule"] = {"locations": list(sites)}
    return StudyDoc(study)


@pytest.mark.parametrize(
    "expression, scope, expected",
    [
        ("SEARCH[Location](AREA[LocationCity]Lyon AND AREA[LocationStatus]RECRUITING)",
         "BasicSearch", False),
        ("AREA[LocationCity]Lyon AND AREA[LocationStatus]RECRUITING", "BasicSearch", True),
        ("SEARCH[Location](AREA[LocationCity]Lyon AND AREA[LocationStatus]COMPLETED)",
         "BasicSearch", True),
        ("SEARCH[Location](Lyon France)", "BasicSearch", True),
        ("SEARCH[Location](Lyon Boston)", "BasicSearch", False),
        ("SEARCH[Location](Boston)", "LocationSearch", True),
        ("SEARCH[Location](AREA[LocationState]MISSING AND Lyon)", "BasicSearch", True),
        ("SEARCH[Location](AREA[LocationState]MISSING AND Boston)", "BasicSearch", False),
        ("SEARCH[Location](NOT Lyon)", "BasicSearch", True),
        ("SEARCH[Location](AREA[LocationCity]COVERAGE[FullMatch]Boston)", "BasicSearch", True),
    ],
)  # fmt: skip
def test_search_location_matches_one_location_at_a_time(expression, scope, expected):
    doc = located(
        {"city": "Lyon", "country": "France", "status": "COMPLETED"},
        {"city": "Boston", "state": "Massachusetts", "country": "United States",
         "status": "RECRUITING"},
        "not a location",
    )  # fmt: skip
    assert matches(parse(expression), doc, scope) is expected


def test_scope_limits_words_to_the_search_area():
    assert hit("cramp", "ConditionSearch")
    assert hit("neurologic", "ConditionSearch")
    assert not hit("menstrual", "ConditionSearch")
    assert hit("menstrual", "BasicSearch")
    assert not hit("magnesium", "InterventionSearch")


def odd(edit):
    """SYNTHETIC: STUDY (real-shaped) with one field replaced by a value of the wrong type."""
    study = copy.deepcopy(STUDY)
    edit(study["protocolSection"])
    return StudyDoc(study)


@pytest.mark.parametrize(
    "edit, expression, scope, expected",
    [
        # Wrong types match nothing; lists are walked element by element.
        (lambda p: p["designModule"].update(enrollmentInfo={"count": True}),
         "AREA[EnrollmentCount]RANGE[0,MAX]", "BasicSearch", False),
        (lambda p: p["designModule"].update(enrollmentInfo={"count": "120"}),
         "AREA[EnrollmentCount]RANGE[0,MAX]", "BasicSearch", False),
        (lambda p: p["designModule"].update(enrollmentInfo=[{"count": 120}]),
         "AREA[EnrollmentCount]RANGE[100,MAX]", "BasicSearch", True),
        (lambda p: p["statusModule"]["lastUpdatePostDateStruct"].update(date="zz"),
         "AREA[LastUpdatePostDate]RANGE[2000,MAX]", "BasicSearch", False),
        (lambda p: p["statusModule"]["lastUpdatePostDateStruct"].update(date=20240305),
         "AREA[LastUpdatePostDate]RANGE[MIN,MAX]", "BasicSearch", False),
        (lambda p: p["statusModule"].update(lastUpdatePostDateStruct=["2024-03-05"]),
         "AREA[LastUpdatePostDate]MISSING", "BasicSearch", True),
        (lambda p: p.update(identificationModule=[p["identificationModule"]]),
         "magnesium", "TitleSearch", True),
        (lambda p: p["identificationModule"].update(briefTitle={"text": "Magnesium"}),
         "magnesium", "TitleSearch", False),
        (lambda p: p["conditionsModule"].update(conditions="Leg Cramps"),
         "leg cramps", "ConditionSearch", True),
        (lambda p: p.update(statusModule="NOT_YET_RECRUITING"),
         "AREA[OverallStatus]NOT_YET_RECRUITING", "BasicSearch", False),
    ],
)  # fmt: skip
def test_fields_of_the_wrong_type_never_raise(edit, expression, scope, expected):
    assert matches(parse(expression), odd(edit), scope) is expected
