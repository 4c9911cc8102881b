"""AACT's schema in the published file: the ctgov views, the PostgreSQL functions analysts use,
and the conformance suite of AACT-dialect queries (tests/aact_conformance/, written for this
project in the style CTTI's documentation and public analyses use)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.warehouse import db

CONFORMANCE = Path(__file__).parent / "aact_conformance"
EXPECT = re.compile(r"^-- expect: (runs|fails: (?P<reason>.+))$", re.M)


@pytest.fixture(scope="module")
def con(corpus_db):
    with duckdb.connect(str(corpus_db), read_only=True) as con:
        yield con


def test_every_marked_aact_table_has_its_ctgov_view(con):
    views = {
        name
        for (name,) in con.execute(
            "select view_name from duckdb_views() where schema_name = 'ctgov'"
        ).fetchall()
    }
    assert views == set(db.ctgov_sources()) and views <= set(db.AACT_TABLES)
    for name, source in db.ctgov_sources().items():
        shown = con.execute(f"select count(*) from CTGOV.{name.upper()}").fetchone()[0]
        assert shown == con.execute(f"select count(*) from main.{source}").fetchone()[0], name


def test_every_bare_aact_name_is_aacts_own_table(con):
    """Issue 23: a bare AACT name reads AACT's table, as AACT's search path gives it; no project
    table holds one of AACT's names with other columns."""
    assert set(db.ctgov_sources()) == set(db.AACT_TABLES) and len(db.AACT_TABLES) == 51
    assert {name: source for name, source in db.ctgov_sources().items() if name != source} == {}
    for name in db.AACT_TABLES:
        bare = [r[0] for r in con.execute(f"describe main.{name}").fetchall()]
        assert bare == [r[0] for r in con.execute(f"describe ctgov.{name}").fetchall()], name


def test_the_views_read_in_another_catalog_too(corpus_db):
    """An analyst attaching the file under another name still reads the AACT schema."""
    with duckdb.connect() as con:
        con.execute("attach ? as trials_file (read_only)", [str(corpus_db)])
        rows = con.execute("select count(*) from trials_file.ctgov.studies").fetchone()[0]
        assert rows == con.execute("select count(*) from trials_file.main.studies").fetchone()[0]
        assert rows > 0


# PostgreSQL's documented behaviour (postgresql.org/docs/current/functions-string.html and
# functions-formatting.html), and what AACT queries ask of it.
POSTGRES = [
    ("btrim('xyxtrimyyx', 'xyz')", "trim"),
    ("btrim('  trim  ')", "trim"),
    ("initcap('hi THOMAS')", "Hi Thomas"),
    ("initcap('foo-bar 2nd')", "Foo-Bar 2nd"),
    ("to_date('05 Dec 2000', 'DD Mon YYYY')", date(2000, 12, 5)),
    ("to_date('2019-03', 'YYYY-MM')", date(2019, 3, 1)),
    ("to_date('March 2019', 'Month YYYY')", date(2019, 3, 1)),
    ("to_char(timestamp '2002-04-20 17:31:12.66', 'HH12:MI:SS')", "05:31:12"),
    ("to_char(date '2019-03-05', 'Month YYYY')", "March     2019"),
    ("to_char(date '2019-03-05', 'FMMonth DD, YYYY')", "March 05, 2019"),
    ("to_char(date '2024-01-01', 'Dy, DD Mon YYYY HH24:MI')", "Mon, 01 Jan 2024 00:00"),
    ("to_char(timestamp '2024-07-01 13:05:00', 'HH12:MI PM, Q')", "01:05 PM, 3"),
    ("to_char(date '2019-03-05', 'YYYY-MM')", "2019-03"),
]


@pytest.mark.parametrize(("expression", "expected"), POSTGRES)
def test_postgresql_functions_behave_as_documented(con, expression, expected):
    assert con.execute("select " + expression).fetchone()[0] == expected


def test_null_in_null_out_and_unknown_templates_are_errors(con):
    row = con.execute("select initcap(null), btrim(null), to_char(null::date, 'YYYY')").fetchone()
    assert row == (None, None, None)
    with pytest.raises(duckdb.Error, match="not emulated"):
        con.execute("select to_date('2019', 'IYYY')").fetchone()


def conformance_queries() -> list[Path]:
    return sorted(CONFORMANCE.glob("*.sql"))


def test_the_conformance_suite_runs_as_its_files_say(con, capsys):
    """Every query states whether it runs unchanged and, if not, why; the suite fails when one
    behaves otherwise, and prints the tally (docs/aact.md quotes it)."""
    queries = conformance_queries()
    assert len(queries) >= 20
    ran, failed, wrong = [], [], []
    for path in queries:
        text = path.read_text(encoding="utf-8")
        expect = EXPECT.search(text)
        assert expect, f"{path.name}: no `-- expect:` line"
        try:
            con.execute(text).fetchall()
            outcome = None
        except duckdb.Error as exc:
            outcome = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        (ran if outcome is None else failed).append((path.name, outcome, expect.group("reason")))
        if (outcome is None) != (expect.group(1) == "runs"):
            wrong.append((path.name, outcome))
    with capsys.disabled():
        print(f"\nAACT conformance: {len(ran)} of {len(queries)} run unchanged")
        for name, outcome, reason in failed:
            print(f"  {name}: {reason} [{outcome}]")
    assert wrong == []
