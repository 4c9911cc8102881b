-- Descriptions of raw_query_hits; docs/schema.md is generated from them (make docs).
comment on table raw_query_hits is 'Which topic query returned which study, and when it first and last did. Key (topic, query_id, nct_id). Explains recall: every fetched study is here at least once.';
comment on column raw_query_hits.topic is 'Topic slug (topics/<slug>.toml).';
comment on column raw_query_hits.query_id is 'Id of the topic''s query ([[queries]] id in the topic file).';
comment on column raw_query_hits.nct_id is 'ClinicalTrials.gov identifier of the study the query returned.';
comment on column raw_query_hits.first_seen_at is 'UTC time of the first run in which this query returned the study.';
comment on column raw_query_hits.last_seen_at is 'UTC time of the latest run in which this query returned the study.';
