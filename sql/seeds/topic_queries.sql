-- One row per API query of each topic loaded for this build ([[queries]] of topics/<slug>.toml,
-- in file order; a topic without queries has its one whole-registry query, id 'all', with no
-- parameters). params is the query's API parameters as a JSON object.
create or replace table topic_queries (
    topic varchar not null,
    query_id varchar not null,
    ordinal integer not null,
    params json not null,
    primary key (topic, query_id)
)
