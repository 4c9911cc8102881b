-- Descriptions of raw_rankings; docs/schema.md is generated from them (make docs).
comment on table raw_rankings is 'Each published run''s ranking per topic (a copy of top_trials at publish time), so rank changes between runs can be queried (see rank_changes). Key (run_id, topic, nct_id).';
comment on column raw_rankings.run_id is 'Run id of the run that published this ranking (UTC start time, sortable).';
comment on column raw_rankings.topic is 'Topic slug (topics/<slug>.toml).';
comment on column raw_rankings.rank is 'Position in that run''s list, 1 = best; no ties (see top_trials for the tie-break).';
comment on column raw_rankings.nct_id is 'ClinicalTrials.gov identifier of the ranked trial.';
comment on column raw_rankings.score is 'The trial''s score in that run: sum of the weighted components, 0 to the sum of the topic''s weights (topic_weights).';
comment on column raw_rankings.data_timestamp is 'Latest API dataTimestamp among the studies the ranking was computed from.';
comment on column raw_rankings.ranked_at is 'UTC time the ranking was stored.';
