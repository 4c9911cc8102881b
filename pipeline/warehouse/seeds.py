"""Topic and article data as DuckDB tables (sql/seeds/), so ranking rules stay in SQL."""

from __future__ import annotations

import json
from collections.abc import Sequence

import duckdb

from pipeline.config.article import load_article
from pipeline.config.topics import TIERS, Topic
from pipeline.warehouse.db import SEEDS, VOCABULARY, insert_rows, sql_text, statement

TERM_KINDS = {
    "primary": "primary_terms",
    "secondary": "secondary_terms",
    "exclude": "exclude_terms",
}
VALUE_KINDS = {"status": "status_values", "sponsor": "sponsor_values"}
# In the order rows are inserted (topics first: the others name a topic).
INSERTS = (
    "topics",
    "topic_queries",
    "topic_terms",
    "topic_tiers",
    "topic_weights",
    "topic_values",
    "article_themes",
)
# term_norm is inserted as the term, then normalised by one statement per table: norm_text in
# every row of an executemany cost ~1 ms a row (0.11 of the 0.13 s the seeds took a rebuild).


def load_seeds(con: duckdb.DuckDBPyConnection, topics: Sequence[Topic]) -> None:
    """(Re)create the seed tables from the topics and the articles they name.

    Rows are gathered per table and inserted with one statement each (db.insert_rows): a
    statement per row cost ~150 statements on every rebuild."""
    for name in SEEDS:
        if name == VOCABULARY:
            continue  # loaded with the macros (db.apply_macros)
        con.execute(sql_text(f"seeds/{name}.sql"))
    rows: dict[str, list[list]] = {table: [] for table in INSERTS}
    articles = []
    for topic in topics:
        rows["topics"].append(
            [
                topic.slug,
                topic.title,
                topic.article,
                topic.settings.get("article_title"),
                list(topic.mesh_ids),
                topic.ranked,
            ]
        )
        for ordinal, query in enumerate(topic.queries, start=1):
            # As raw_fetches.params stores a fetch's (pipeline.jobs.steps).
            params = json.dumps(query.params, sort_keys=True)
            rows["topic_queries"].append([topic.slug, query.id, ordinal, params])
        relevance = topic.settings.get("relevance", {})
        for kind, key in TERM_KINDS.items():
            for term in relevance.get(key, []):
                rows["topic_terms"].append([topic.slug, kind, term, term])
        if topic.ranked:
            labels = TIERS | topic.settings.get("tiers", {})
            for order, tier in enumerate(TIERS, start=1):
                rows["topic_tiers"].append([topic.slug, tier, labels[tier], order])
        for component, weight in topic.settings.get("weights", {}).items():
            rows["topic_weights"].append([topic.slug, component, weight])
        for kind, key in VALUE_KINDS.items():
            for value_key, value in topic.settings.get(key, {}).items():
                rows["topic_values"].append([topic.slug, kind, value_key, value])
        if topic.article and topic.article not in articles:
            articles.append(topic.article)
    for slug in articles:
        article = load_article(slug)
        for order, theme in enumerate(article.themes, start=1):
            for term in theme.terms:
                rows["article_themes"].append(
                    [
                        slug,
                        theme.id,
                        theme.label,
                        theme.anchor,
                        term,
                        term,
                        list(theme.primary_purposes),
                        order,
                    ]
                )
    for table in INSERTS:
        insert_rows(con, table, rows[table])
    # The texts the rules compare, normalised once loaded (norm_text, a macro).
    con.execute(statement("normalise_topic_terms"))
    con.execute(statement("normalise_article_themes"))
