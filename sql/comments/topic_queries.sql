-- Descriptions of topic_queries; docs/schema.md is generated from them (make docs).
comment on table topic_queries is 'Seed: one row per API query of each topic loaded for this build ([[queries]] in topics/<slug>.toml); a topic without queries has its one whole-registry query. Key (topic, query_id). study_searches is made from it.';
comment on column topic_queries.topic is 'Topic slug (topics.topic).';
comment on column topic_queries.query_id is 'Id of the query ([[queries]] id; all for the whole-registry query).';
comment on column topic_queries.ordinal is 'Place of the query in its topic file, 1-based.';
comment on column topic_queries.params is 'The query''s API parameters as a JSON object with sorted keys, the text raw_fetches.params records for a fetch of it.';
