"""The database documents itself: every relation and column carries a description, and
docs/schema.md is generated from them."""

import re

from pipeline.warehouse import db
from tools import schema_doc

COMMENT = re.compile(r"comment\s+on\s+(table|view|column)\s+(\w+)", re.I)


def test_every_relation_and_column_has_a_description(corpus_db):
    con = db.connect(corpus_db, read_only=True)
    try:
        missing = schema_doc.undocumented(con)
    finally:
        con.close()
    assert missing == [], "describe these in sql/comments/<relation>.sql, then run `make docs`"


def test_each_comment_file_describes_one_relation_of_the_database(corpus_db):
    con = db.connect(corpus_db, read_only=True)
    try:
        kinds = {r.name: r.kind for r in schema_doc.relations(con)}
    finally:
        con.close()
    files = sorted((db.SQL_DIR / "comments").glob("*.sql"))
    assert {p.stem for p in files} == set(kinds)
    for path in files:
        found = COMMENT.findall(path.read_text(encoding="utf-8"))
        assert {name for _, name in found} == {path.stem}, path.name
        relation_kinds = {kind.lower() for kind, _ in found if kind.lower() != "column"}
        assert relation_kinds == {kinds[path.stem]}, path.name


def test_schema_doc_is_current(corpus_db):
    con = db.connect(corpus_db, read_only=True)
    try:
        text = schema_doc.render(con)
    finally:
        con.close()
    committed = schema_doc.DOC_PATH.read_text(encoding="utf-8")
    assert committed == text, "docs/schema.md is stale: run `make docs`"


def test_comments_are_applied_again_after_a_rebuild(corpus_db):
    con = db.connect(":memory:")
    try:
        db.attach(con, corpus_db, "published", read_only=True)
        con.execute("create table raw_studies as select * from published.raw_studies")
        con.execute("detach published")
        for name in db.RAW_TABLES:
            con.execute(db.sql_text(f"raw/{name}.sql"))
        assert "raw_studies" in db.apply_comments(con)
        comment = con.execute(
            "select comment from duckdb_tables() where table_name = 'raw_studies'"
        ).fetchone()[0]
    finally:
        con.close()
    assert "must survive" in comment


def test_check_mode_reports_a_stale_document(corpus_db, tmp_path, capsys):
    out = tmp_path / "schema.md"
    assert schema_doc.main(["--db", str(corpus_db), "--out", str(out)]) == 0
    assert schema_doc.main(["--db", str(corpus_db), "--out", str(out), "--check"]) == 0
    out.write_text("# old\n", encoding="utf-8")
    assert schema_doc.main(["--db", str(corpus_db), "--out", str(out), "--check"]) == 1
    assert "run `make docs`" in capsys.readouterr().err
