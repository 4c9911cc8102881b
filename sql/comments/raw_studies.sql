-- Descriptions of raw_studies; docs/schema.md is generated from them (make docs).
comment on table raw_studies is 'Every distinct version of every study ever fetched from the API or imported from a download, as received. The only state that must survive: every other table is rebuilt from it. Key (nct_id, content_hash); seeing a version again only moves last_seen_at.';
comment on column raw_studies.nct_id is 'ClinicalTrials.gov identifier as the record gives it (protocolSection.identificationModule.nctId), normally NCT + 8 digits; a record without one is keyed ''?'' followed by its content hash. Anything that is not NCT + 8 digits is quarantined.';
comment on column raw_studies.content_hash is 'md5 of the record''s JSON text: identifies this version of the study. A changed record gives a new hash and a new row.';
comment on column raw_studies.data_timestamp is 'The API''s dataTimestamp (GET /version, e.g. 2026-11-24T09:00:05) when this version was first landed; null for imported files and tests. ClinicalTrials.gov refreshes it once per weekday.';
comment on column raw_studies.first_seen_at is 'UTC time this version was first landed (the run''s clock, not the registry''s).';
comment on column raw_studies.last_seen_at is 'UTC time a fetch or import last returned exactly this version. The version with the latest last_seen_at is the current one (study_records).';
comment on column raw_studies.source is 'Where the version came from: api (a topic query), import:<batch_id> (trials import; see raw_imports), or a test label.';
comment on column raw_studies.record is 'The whole study object as the API returned it (protocolSection, derivedSection, hasResults; resultsSection when posted). Query with ->> and json_extract.';
