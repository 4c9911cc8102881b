"""The analysts' query library: every query runs on the corpus database and returns rows."""

import copy
import csv
import io
import json
import re
import shutil
import tomllib

import pytest
from realdata import land_records

import trials as cli
from pipeline.core import resources
from pipeline.fetch.records import nct_id
from pipeline.reading import queries
from pipeline.warehouse import db

# Queries that need history a single load cannot have; they get it from `history_db`.
NEEDS_HISTORY = {"status_changes_30d"}
# Results sections: the corpus's cramp transcriptions have none, so these answer on another topic
# (tests/test_topic_words.py::test_the_aact_results_queries_answer_for_a_topic_with_posted_results).
NEEDS_RESULTS = {"aact_primary_outcome_measurements", "aact_adverse_events_by_organ_system"}
NAMES = [q.name for q in queries.list_queries()]


@pytest.fixture(scope="module")
def history_db(corpus_db, corpus_studies, tmp_path_factory):
    """The corpus database plus a second version of a real record whose status changed.

    The change is synthetic, built in code: NCT02423395 (recruiting in the corpus) lands again a
    moment later reported as COMPLETED, as a later refresh would land it.
    """
    tmp = tmp_path_factory.mktemp("history")
    database = tmp / "trials.duckdb"
    shutil.copyfile(corpus_db, database)
    record = copy.deepcopy(next(s for s in corpus_studies if nct_id(s) == "NCT02423395"))
    assert record["protocolSection"]["statusModule"]["overallStatus"] == "RECRUITING"
    record["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    land_records(database, [record], tmp / "changed.ndjson", "test", "2026-11-26T09:00:05")
    return database


def run(database, name):
    con = db.connect(database, read_only=True)
    try:
        return queries.run(con, name)
    finally:
        con.close()


def test_the_library_has_at_least_ten_queries():
    assert len(NAMES) >= 10


@pytest.mark.parametrize("name", sorted(set(NAMES) - NEEDS_HISTORY - NEEDS_RESULTS))
def test_query_returns_rows_on_the_corpus(corpus_db, name):
    columns, rows = run(corpus_db, name)
    assert rows, f"{name} returned no rows"
    assert len(set(columns)) == len(columns)


def test_status_changes_30d_finds_the_changed_status(history_db):
    columns, rows = run(history_db, "status_changes_30d")
    found = [dict(zip(columns, row, strict=True)) for row in rows]
    assert [(r["nct_id"], r["old_status"], r["new_status"]) for r in found] == [
        ("NCT02423395", "RECRUITING", "COMPLETED")
    ]
    assert found[0]["data_timestamp"] == "2026-11-26T09:00:05"


def test_status_changes_30d_is_empty_without_history(corpus_db):
    assert run(corpus_db, "status_changes_30d")[1] == []


@pytest.mark.parametrize("name", NAMES)
def test_query_file_explains_itself_and_follows_the_house_style(corpus_db, name):
    query = queries.get_query(name)
    header = " ".join(query.header)
    assert len(query.header) >= 2 and query.description.endswith(("?", ".")), name
    columns, _ = run(corpus_db, name)
    assert "Columns:" in header
    # Every column of the result is named in the header comment.
    assert [c for c in columns if not re.search(rf"\b{c}\b", header)] == []
    body = "\n".join(line.split("--")[0] for line in query.sql.splitlines())
    assert "select * from final" in body
    assert not re.search(r"\b(SELECT|FROM|WHERE|WITH|GROUP BY|ORDER BY)\b", body)


def test_render_formats_lists_dates_and_nulls():
    from datetime import date

    columns = ["nct_id", "ids", "start", "n", "note"]
    rows = [("NCT1", ["a", "b"], date(2024, 3, 1), 2.5, None)]
    table = queries.render(columns, rows, "table")
    assert "a, b" in table and "2024-03-01" in table and table.endswith("(1 row)")
    parsed = list(csv.reader(io.StringIO(queries.render(columns, rows, "csv"))))
    assert parsed == [columns, ["NCT1", "a; b", "2024-03-01", "2.5", ""]]
    assert json.loads(queries.render(columns, rows, "json")) == [
        {"nct_id": "NCT1", "ids": ["a", "b"], "start": "2024-03-01", "n": 2.5, "note": None}
    ]


def test_cli_lists_the_queries(capsys):
    assert cli.main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in NAMES)
    assert "Open trials of each topic by country" in out


def test_cli_prints_a_query_as_csv(corpus_db, capsys):
    assert (
        cli.main(["query", "open_trials_by_country", "--db", str(corpus_db), "--format", "csv"])
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["topic"] for r in rows} == {"leg-cramps"}
    assert all(int(r["open_trials"]) >= 1 for r in rows)


def test_cli_rejects_an_unknown_query(corpus_db, capsys):
    assert cli.main(["query", "no_such_query", "--db", str(corpus_db)]) == 2
    assert "trials query --list" in capsys.readouterr().err


def test_trials_by_article_theme_reads_the_themes_from_the_article_file(corpus_db):
    columns, rows = run(corpus_db, "trials_by_article_theme")
    found = [dict(zip(columns, row, strict=True)) for row in rows]
    article = tomllib.loads(
        (resources.path("content") / "inside-leg-cramps-cause.toml").read_text(encoding="utf-8")
    )
    labels = {t["id"]: t["label"] for t in article["themes"]}
    assert {(r["theme_id"], r["theme"]) for r in found} <= set(labels.items())
    assert all(r["tier"] in ("primary", "secondary") for r in found)
    # The underlying conditions the article names: real corpus trials in ALS, cirrhosis, dialysis.
    underlying = {r["nct_id"] for r in found if r["theme_id"] == "underlying-conditions"}
    assert {"NCT01811355", "NCT01495403", "NCT06866470"} <= underlying
