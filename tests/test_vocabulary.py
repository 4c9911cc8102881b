"""One vocabulary, read the same by SQL and Python, covering what the registry can send."""

import duckdb
import yaml

from pipeline.config import vocabulary
from pipeline.core import resources
from pipeline.warehouse import db

SPEC = resources.path("corpus/spec/ctg-oas-v2.0.5.yaml")


def spec_enum(name: str) -> set[str]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return set(spec["components"]["schemas"][name]["enum"])


def test_every_status_and_phase_of_the_spec_has_a_label():
    assert set(vocabulary.labels("status")) == spec_enum("Status")
    assert set(vocabulary.labels("phase")) == spec_enum("Phase")
    assert set(vocabulary.labels("enrollment_type")) == spec_enum("EnrollmentType")
    assert set(vocabulary.labels("sex")) == spec_enum("Sex")
    assert set(vocabulary.labels("sponsor_class")) <= spec_enum("AgencyClass")
    assert {t.tone for t in vocabulary.terms() if t.kind == "status"} == set(vocabulary.TONES)


def test_sql_reads_the_same_vocabulary_as_python():
    con = duckdb.connect()
    db.apply_macros(con)
    stored = con.execute("select * from vocabulary order by kind, sort").fetchall()
    assert sorted(stored) == sorted(vocabulary.rows())
    opened = {
        s for (s,) in con.execute(
            "select value from vocabulary where kind = 'status' and is_open(value)"
        ).fetchall()
    }  # fmt: skip
    # is_open() counts the statuses whose tone is open or soon: taking participants now or soon.
    toned = {
        t.value for t in vocabulary.terms() if t.kind == "status" and t.tone in ("open", "soon")
    }
    assert opened == toned == {
        "RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"
    }  # fmt: skip


def test_score_components_of_sql_are_the_labelled_ones(corpus_db):
    con = duckdb.connect(str(corpus_db), read_only=True)
    keys = con.execute(
        "select distinct unnest(json_keys(to_json(components))) from top_trials"
    ).fetchall()
    assert {k for (k,) in keys} == set(vocabulary.labels("component"))


def test_a_value_missing_from_the_vocabulary_is_shown_in_words():
    assert vocabulary.label("status", "RECRUITING") == "Recruiting"
    assert vocabulary.label("status", "PAUSED_FOR_REVIEW") == "Paused for review"
    assert vocabulary.status_tone("PAUSED_FOR_REVIEW") == "closed"
    assert vocabulary.status_tone(None) == "closed"
