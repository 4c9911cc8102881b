-- Relevance terms of each topic: kind is primary | secondary | exclude; term_norm is norm_text(term).
create or replace table topic_terms (
    topic varchar not null,
    kind varchar not null,
    term varchar not null,
    term_norm varchar not null
)
