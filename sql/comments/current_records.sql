-- Descriptions of current_records; docs/schema.md is generated from them (make docs).
comment on table current_records is 'The current version of every study: per nct_id, the raw_studies version seen most recently (when one answer gave several different records this nctId, the one first seen earliest, then the greatest content hash; the quarantine withholds the study: duplicate_nct_id). Every normalised table is built from this version; its JSON is raw_studies.record (join on nct_id and content_hash).';
comment on column current_records.nct_id is 'ClinicalTrials.gov identifier, NCT + 8 digits (protocolSection.identificationModule.nctId).';
comment on column current_records.content_hash is 'md5 of the current version''s JSON text (raw_studies.content_hash).';
comment on column current_records.data_timestamp is 'The API''s dataTimestamp when the current version was first landed; null for imports.';
comment on column current_records.last_seen_at is 'UTC time a fetch or import last returned the study (any version).';
comment on column current_records.first_seen_at is 'UTC time the study was first landed (any version).';
comment on column current_records.versions is 'Number of distinct versions stored in raw_studies; above 1 means the record changed over time (or came twice in one answer: duplicate_nct_id).';
