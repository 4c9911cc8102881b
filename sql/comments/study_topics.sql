-- Descriptions of study_topics; docs/schema.md is generated from them (make docs).
comment on table study_topics is 'Which topic''s queries found each current study, through which queries, and whether a later full resync no longer found it. Key (topic, nct_id). Empty for databases built only from imported files.';
comment on column study_topics.topic is 'Topic slug (topics/<slug>.toml).';
comment on column study_topics.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_topics.query_ids is 'Ids of the topic''s queries that returned the study, sorted (raw_query_hits.query_id).';
comment on column study_topics.first_seen_at is 'UTC time a query of the topic first returned the study.';
comment on column study_topics.last_seen_at is 'UTC time a query of the topic last returned the study.';
comment on column study_topics.removed_at is 'UTC time a full resync of the topic no longer found the study (raw_removals, not restored since); null while it is still found. A removed study keeps its row but leaves the ranking.';
