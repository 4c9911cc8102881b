"""The Essie subset: parsing, precedence, and matching against real-shaped study records."""

import copy
import re

import pytest

from pipeline.emulator.corpus import StudyDoc
from pipeline.emulator.essie import (
    And,
    Area,
    EssieError,
    Missing,
    Not,
    Or,
    Range,
    Term,
    matches,
    parse,
    stem,
    tokenize,
)

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


def term(*words):
    return Term(tuple(stem(w) for w in words))


@pytest.mark.parametrize("word", ["cramp", "Cramps", "CRAMPING", "cramp's"])
def test_stem_joins_word_forms(word):
    assert tokenize(word)[0] == "cramp"


def test_and_binds_tighter_than_or():
    assert parse("a OR b c") == Or((term("a"), And((term("b"), term("c")))))
    assert parse("a AND b OR c") == Or((And((term("a"), term("b"))), term("c")))


def test_not_and_area_bind_tightest():
    assert parse("bethesda NOT maryland") == And((term("bethesda"), Not(term("maryland"))))
    assert parse("NOT a OR b") == Or((Not(term("a")), term("b")))
    assert parse("AREA[Condition]a b") == And((Area("Condition", term("a")), term("b")))
    assert parse("AREA[condition](a OR b)") == Area("Condition", Or((term("a"), term("b"))))


def test_quotes_make_one_phrase_term():
    assert parse('"Leg Cramps" night') == And((term("leg", "cramps"), term("night")))


def test_range_and_missing_parse_inside_area():
    assert parse("AREA[LastUpdatePostDate]RANGE[2026-11-20, MAX]") == Area(
        "LastUpdatePostDate", Range("2026-11-20", "MAX")
    )
    assert parse("AREA[Phase]MISSING") == Area("Phase", Missing())


def test_lower_case_operators_are_words():
    assert parse("heart and lung") == And((term("heart"), term("and"), term("lung")))


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
        ("AREA[EnrollmentCount]RANGE[ten,MAX]", "RANGE["),
        ("MISSING", "MISSING needs AREA"),
        ('""', "no words"),
        ("()", "unexpected ')'"),
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
        ("AREA[StartDate]RANGE[2023-06-01,2023-06-30]", True),
        ("AREA[StartDate]RANGE[2023-07,MAX]", False),
        ("AREA[StudyFirstPostDate]RANGE[MIN,MAX]", False),
        ("AREA[EnrollmentCount]RANGE[100,200]", True),
        ("AREA[EnrollmentCount]RANGE[MIN,119]", False),
    ],
)
def test_range_on_dates_and_numbers(expression, expected):
    assert hit(expression) is expected


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
