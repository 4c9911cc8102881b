-- One row per topic file loaded for this build (topics/<slug>.toml).
create or replace table topics (
    topic varchar primary key,
    title varchar not null,
    article varchar,
    article_title varchar,
    mesh_ids varchar[] not null
)
