-- One row per topic file loaded for this build (topics/<slug>.toml). ranked is false for a topic
-- without relevance terms (such as the whole-registry mirror): it is not classified or ranked.
create or replace table topics (
    topic varchar primary key,
    title varchar not null,
    article varchar,
    article_title varchar,
    mesh_ids varchar[] not null,
    ranked boolean not null
)
