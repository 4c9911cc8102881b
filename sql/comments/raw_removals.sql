-- Descriptions of raw_removals; docs/schema.md is generated from them (make docs).
comment on table raw_removals is 'Studies a full resync of a topic no longer returned: they stopped matching its queries or left the registry. Never deleted; restored_at is set when a later run finds them again. Key (topic, nct_id, removed_at).';
comment on column raw_removals.topic is 'Topic slug whose queries stopped returning the study.';
comment on column raw_removals.nct_id is 'ClinicalTrials.gov identifier of the study.';
comment on column raw_removals.removed_at is 'UTC time of the full resync that no longer found the study.';
comment on column raw_removals.removed_run_id is 'Run id of that resync.';
comment on column raw_removals.data_timestamp is 'The API''s dataTimestamp during that resync.';
comment on column raw_removals.restored_at is 'UTC time a later run found the study again; null while it stays removed.';
